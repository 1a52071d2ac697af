package io.qforge.engine;

import java.nio.file.Path;

/**
 * Where qforge keeps what it can make again but would rather not: downloaded weights, pretrained
 * checkpoints. {@code -Dqforge.cache}, else {@code $QFORGE_CACHE}, else {@code ~/.cache/qforge}.
 */
public final class QforgeCache {

    private QforgeCache() {}

    public static Path root() {
        String property = System.getProperty("qforge.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("QFORGE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "qforge");
    }
}
