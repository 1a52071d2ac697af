package io.qforge.api.context;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's services, handed to a plugin with each request ({@link
 * io.qforge.api.data.DatasetRequest#context()}, {@link io.qforge.api.target.TargetOptions#context()}).
 * A plugin asks the context instead of reading environment variables or system properties, so one
 * setting (say {@code -Dqforge.cache} or {@code $QFORGE_OFFLINE}) means the same to every plugin.
 *
 * <p>Example: {@code Path file = request.context().fetch(source)} gives the checked local copy of
 * a published file, downloading it into the cache when it is missing and qforge may go online.
 */
public interface PluginContext {

    /** qforge's cache folder; a plugin keeps what it makes under a sub-folder named after itself. */
    Path cacheDir();

    /** Whether qforge may use the network; when false, {@link #fetch} only finds files already cached. */
    boolean offline();

    /** The folder the user keeps datasets in, when set ({@code -Dqforge.data} or {@code $QFORGE_DATA}). */
    Optional<Path> dataDir();

    /**
     * The cached, checked copy of {@code file}: from the cache when it is there and its checksum
     * holds, else downloaded (when not offline), checked, and moved into the cache in one rename.
     * Fails with an {@link io.qforge.api.InvalidInputException} that says where to put the file.
     */
    Path fetch(RemoteFile file);

    /** The installed plugins, to pick another one by name or by what it does. */
    PluginCatalog plugins();

    /** An executable program of that name on the user's {@code PATH}, if there is one. */
    Optional<Path> executable(String program);

    /** Reads a plugin's own options strictly, reporting problems under {@code path}. */
    default PluginOptions options(Map<String, Object> values, String path, Set<String> allowed) {
        return new PluginOptions(values, path, allowed);
    }
}
