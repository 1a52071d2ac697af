package io.qforge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the assembled {@code bin/qforge} as a user would, and captures what it prints. */
final class Launcher {

    /** The unpacked distribution, set by the failsafe configuration. */
    static final Path DIST = Path.of(System.getProperty("qforge.dist", "target/qforge-dist-not-built"));
    /** The repository root, for the examples. */
    static final Path REPO = Path.of(System.getProperty("qforge.repo", ".."));

    record Result(int exitCode, String out, String err) {}

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(DIST, env, args);
    }

    /** Runs {@code bin/qforge} of the distribution folder {@code dist}. */
    static Result run(Path dist, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(dist.resolve("bin/qforge").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("QFORGE_PLUGINS_DIR");
        pb.environment().putAll(env);
        // stderr goes to a file: reading the two pipes one after the other can stall a chatty run.
        Path errFile = Files.createTempFile("qforge-stderr", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/qforge did not finish: " + command);
        }
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        Files.delete(errFile);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Launcher() {}
}
