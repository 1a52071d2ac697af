package io.qforge.cli;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.io.RunFolderLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the commands that run a stage share: the started engine, the validated run config, and the
 * run's output folder, {@code <--out or output.dir>/<name>}.
 */
record RunContext(Engine engine, ValidatedConfig validated, Path dir) {

    /** Loads {@code config} as a run config for the command {@code verb}; a bare Vitis AI config is bad input. */
    static RunContext load(QforgeCli root, Path config, Path out, String verb) {
        return load(root.startEngine(), config, null, out, verb);
    }

    /** The same, with the config's target replaced by {@code target} (null: keep it) before its rules are checked. */
    static RunContext load(Engine engine, Path config, PluginSelection target, Path out, String verb) {
        ValidatedConfig validated = engine.get(ConfigLoader.class).load(config, target);
        if (!validated.isRunConfig()) {
            throw new InvalidInputException(config.toString(), "is a Vitis AI quantization config; " + verb
                    + " takes a run config with backbone and dataset sections");
        }
        return of(engine, validated, out);
    }

    /** The context of an already loaded run config; {@code out} overrides its output.dir when given. */
    static RunContext of(Engine engine, ValidatedConfig validated, Path out) {
        RunConfig run = validated.run();
        return new RunContext(engine, validated, (out != null ? out : Path.of(run.output().dir())).resolve(run.name()));
    }

    RunConfig run() {
        return validated.run();
    }

    /** Locks the run folder for a command that writes into it; says so when a killed run's lock is taken over. */
    RunFolderLock lock() throws IOException {
        RunFolderLock lock = RunFolderLock.acquire(dir);
        if (lock.takenOver() != null) {
            System.err.println("taking over the lock of " + dir + " left by a qforge command that no longer runs (" + lock.takenOver() + ")");
        }
        return lock;
    }
}
