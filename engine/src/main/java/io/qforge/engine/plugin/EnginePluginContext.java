package io.qforge.engine.plugin;

import io.qforge.api.context.PluginCatalog;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.context.VerifiedFetch;
import io.qforge.engine.QforgeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The services the engine hands every plugin: its settings, the verified fetch, the installed plugins. */
public final class EnginePluginContext implements PluginContext {

    private final QforgeSettings settings;
    private final VerifiedFetch fetch;
    private final PluginCatalog plugins;

    public EnginePluginContext(QforgeSettings settings, PluginRegistry registry) {
        this.settings = settings;
        this.fetch = new VerifiedFetch(settings.cacheDir(), settings.offline());
        this.plugins = new InstalledPlugins(registry);
    }

    @Override
    public Path cacheDir() {
        return settings.cacheDir();
    }

    @Override
    public boolean offline() {
        return settings.offline();
    }

    @Override
    public Optional<Path> dataDir() {
        return settings.dataDir();
    }

    @Override
    public Path fetch(RemoteFile file) {
        return fetch.fetch(file);
    }

    @Override
    public PluginCatalog plugins() {
        return plugins;
    }

    @Override
    public Optional<Path> executable(String program) {
        return settings.path().stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable).findFirst();
    }
}
