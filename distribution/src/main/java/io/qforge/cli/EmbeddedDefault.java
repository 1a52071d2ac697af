package io.qforge.cli;

import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run {@code qforge run} does with no config: the shipped {@code examples/fmnist-transfer.json}
 * with its {@code int8_config.json}, built into the jar, so it works from any folder. The files
 * are read through a temporary folder because configs name their quantization config by path.
 */
final class EmbeddedDefault {

    static final String CONFIG = "fmnist-transfer.json";
    private static final List<String> FILES = List.of(CONFIG, "int8_config.json");

    private EmbeddedDefault() {}

    static ValidatedConfig load(Engine engine) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("qforge-default-run");
            for (String name : FILES) {
                try (InputStream in = EmbeddedDefault.class.getResourceAsStream("default-run/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the embedded default run is missing " + name + " in the qforge-distribution jar");
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            return engine.get(ConfigLoader.class).load(dir.resolve(CONFIG));
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking the embedded default run", e);
        } finally {
            if (dir != null) {
                for (String name : FILES) {
                    dir.resolve(name).toFile().delete();
                }
                dir.toFile().delete();
            }
        }
    }
}
