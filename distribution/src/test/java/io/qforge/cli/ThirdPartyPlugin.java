package io.qforge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the example third-party plugins under {@code examples/} the way their authors would: each
 * its own {@code mvn package} (which runs its contract tests), offline, against qforge-api and the
 * testkit that the distribution's build put into the local Maven repository before the end-to-end
 * tests.
 */
final class ThirdPartyPlugin {

    private ThirdPartyPlugin() {}

    /** Builds the example calibrator in a copy under {@code work} and returns its jar. */
    static Path build(Path repo, Path work) throws IOException, InterruptedException {
        return build(repo, work, "plugin-example", "target/qforge-aciq-calibrator-1.0.0.jar");
    }

    /** Builds {@code examples/<example>} in a copy under {@code work} and returns {@code built}, a path in the copy. */
    static Path build(Path repo, Path work, String example, String built) throws IOException, InterruptedException {
        Path project = work.resolve(example);
        copyTree(repo.resolve("examples").resolve(example), project);
        maven(project, "package");
        return project.resolve(built);
    }

    /**
     * A distribution of its own, so the test's plugins/ does not leak into other tests: bin/ and
     * plugins/ copied, lib/ linked.
     */
    static Path distributionCopy(Path dist, Path target) throws IOException {
        copyTree(dist.resolve("bin"), target.resolve("bin"));
        copyTree(dist.resolve("plugins"), target.resolve("plugins"));
        target.resolve("bin/qforge").toFile().setExecutable(true);
        Files.createSymbolicLink(target.resolve("lib"), dist.resolve("lib").toAbsolutePath());
        return target;
    }

    private static void maven(Path dir, String... goals) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-o", "-q", "-B"));
        command.addAll(List.of(goals));
        Path log = Files.createTempFile("qforge-plugin-build", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " in " + dir + " failed:\n" + Files.readString(log));
        }
        Files.delete(log);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
