package io.qforge.engine.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigException.LocatedProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes configs to files and loads them with an engine of the built-in and fixture plugins. */
final class ConfigFiles {

    private static final ConfigLoader LOADER = Engine.start(null).get(ConfigLoader.class);

    private final Path dir;

    ConfigFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String json) {
        try {
            return Files.writeString(dir.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ValidatedConfig load(String name, String json) {
        return LOADER.load(write(name, json));
    }

    static ValidatedConfig load(Path file) {
        return LOADER.load(file);
    }

    /** The problems loading {@code json} reports; fails when it loads. */
    List<ConfigException.LocatedProblem> problems(String json) {
        Path file = write("bad.json", json);
        return assertThrows(ConfigException.class, () -> LOADER.load(file)).problems();
    }
}
