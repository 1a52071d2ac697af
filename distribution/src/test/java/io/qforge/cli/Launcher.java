package io.qforge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        List<String> command = new ArrayList<>();
        command.add(DIST.resolve("bin/qforge").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("QFORGE_PLUGINS_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/qforge did not finish: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Launcher() {}
}
