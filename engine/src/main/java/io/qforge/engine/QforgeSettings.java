package io.qforge.engine;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings qforge takes from its environment, read in this one place and handed to plugins
 * through their context: a system property wins over an environment variable, which wins over
 * the default.
 *
 * <ul>
 *   <li>cache: {@code -Dqforge.cache}, {@code $QFORGE_CACHE}, else {@code ~/.cache/qforge};
 *   <li>offline: {@code -Dqforge.offline=true} or {@code QFORGE_OFFLINE=1};
 *   <li>data folder: {@code -Dqforge.data} or {@code $QFORGE_DATA}, else none;
 *   <li>program search path: {@code $PATH}.
 * </ul>
 *
 * @param cacheDir where qforge keeps what it can make again: downloads, pretrained checkpoints
 * @param offline whether qforge may use the network
 * @param dataDir the user's dataset folder, if set
 * @param path the folders searched for programs such as {@code vai_c_xir}
 */
public record QforgeSettings(Path cacheDir, boolean offline, Optional<Path> dataDir, List<Path> path) {

    public QforgeSettings {
        path = List.copyOf(path);
    }

    /** The settings of this process. */
    public static QforgeSettings fromEnvironment() {
        return of(System.getProperties(), System.getenv());
    }

    public static QforgeSettings of(Properties properties, Map<String, String> env) {
        Path cache = setting(properties, "qforge.cache", env, "QFORGE_CACHE").map(Path::of)
                .orElse(Path.of(properties.getProperty("user.home"), ".cache", "qforge"));
        boolean offline = "true".equalsIgnoreCase(properties.getProperty("qforge.offline")) || "1".equals(env.get("QFORGE_OFFLINE"));
        Optional<Path> data = setting(properties, "qforge.data", env, "QFORGE_DATA").map(Path::of);
        List<Path> path = new ArrayList<>();
        String searchPath = env.get("PATH");
        if (searchPath != null) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    path.add(Path.of(dir));
                }
            }
        }
        return new QforgeSettings(cache, offline, data, path);
    }

    private static Optional<String> setting(Properties properties, String property, Map<String, String> env, String variable) {
        String p = properties.getProperty(property);
        if (p != null && !p.isBlank()) {
            return Optional.of(p);
        }
        String v = env.get(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
