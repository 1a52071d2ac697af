package io.qforge.testkit;

import io.qforge.api.context.PluginCatalog;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.context.VerifiedFetch;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A plugin context for tests: a cache folder of the test's own (a {@code @TempDir}), offline unless
 * asked otherwise, no data folder unless given, no programs on the PATH, and the plugins on the
 * test class path found with {@link ServiceLoader} as qforge finds them. Fetching is qforge's own
 * verified fetch, so a test can exercise a download from a {@code file:} URI it made.
 *
 * <p>Example: {@code dataset.open(new DatasetRequest(options, "train", 42, "$.dataset",
 * TestPluginContext.offline(tmp)))}.
 */
public final class TestPluginContext implements PluginContext {

    private final Path cacheDir;
    private final boolean offline;
    private final Optional<Path> dataDir;
    private final VerifiedFetch fetch;

    public TestPluginContext(Path cacheDir, boolean offline, Optional<Path> dataDir) {
        this.cacheDir = cacheDir;
        this.offline = offline;
        this.dataDir = dataDir;
        this.fetch = new VerifiedFetch(cacheDir, offline);
    }

    /** An offline context whose cache is {@code cacheDir}. */
    public static TestPluginContext offline(Path cacheDir) {
        return new TestPluginContext(cacheDir, true, Optional.empty());
    }

    @Override
    public Path cacheDir() {
        return cacheDir;
    }

    @Override
    public boolean offline() {
        return offline;
    }

    @Override
    public Optional<Path> dataDir() {
        return dataDir;
    }

    @Override
    public Path fetch(RemoteFile file) {
        return fetch.fetch(file);
    }

    @Override
    public PluginCatalog plugins() {
        return ClassPathPlugins.INSTANCE;
    }

    @Override
    public Optional<Path> executable(String program) {
        return Optional.empty();
    }
}
