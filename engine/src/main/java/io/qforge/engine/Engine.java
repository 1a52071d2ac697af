package io.qforge.engine;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.qforge.engine.config.ConfigModule;
import io.qforge.engine.inject.PluginModule;
import io.qforge.engine.plugin.PluginDiscovery;
import io.qforge.engine.plugin.PluginRegistry;
import java.nio.file.Path;

/**
 * Starts qforge: discovers the plugins and wires the engine with Guice. A plugin clash or a broken
 * plugin jar fails here, at startup, before any work is done.
 */
public final class Engine {

    private final Injector injector;

    private Engine(Injector injector) {
        this.injector = injector;
    }

    /** Starts with the built-in plugins and those in {@code pluginsDir} (which may be null or absent), with this process's settings. */
    public static Engine start(Path pluginsDir) {
        return start(pluginsDir, QforgeSettings.fromEnvironment());
    }

    public static Engine start(Path pluginsDir, QforgeSettings settings) {
        PluginRegistry registry = new PluginDiscovery(Engine.class.getClassLoader()).discover(pluginsDir);
        return new Engine(Guice.createInjector(Stage.PRODUCTION, new PluginModule(registry, settings), new ConfigModule()));
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public Injector injector() {
        return injector;
    }

    public PluginRegistry plugins() {
        return get(PluginRegistry.class);
    }
}
