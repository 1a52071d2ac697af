package io.qforge.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hidden folder a stage writes into, beside the run folder. Only a stage that finished has
 * its outputs moved into the run folder; a stage that fails, or a run stopped with Ctrl-C (a
 * shutdown hook), leaves the staging folder deleted and the run folder as it was.
 */
public final class StagingFolder implements AutoCloseable {

    private final Path dir;
    private final Thread cleanup;

    private StagingFolder(Path dir) {
        this.dir = dir;
        this.cleanup = new Thread(() -> deleteQuietly(dir), "qforge-staging-cleanup");
    }

    /** A fresh staging folder for the run folder {@code runDir}. */
    public static StagingFolder open(Path runDir, String stage) throws IOException {
        Path dir = folder(runDir, stage);
        deleteTree(dir);
        Files.createDirectories(dir);
        StagingFolder staging = new StagingFolder(dir);
        Runtime.getRuntime().addShutdownHook(staging.cleanup);
        return staging;
    }

    /**
     * Removes the staging folders of {@code stages} that a killed run (SIGKILL, power loss) left
     * beside {@code runDir}, including those of stages this run will not rerun.
     */
    public static void removeLeftovers(Path runDir, List<String> stages) throws IOException {
        for (String stage : stages) {
            deleteTree(folder(runDir, stage));
        }
    }

    private static Path folder(Path runDir, String stage) {
        Path abs = runDir.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + stage + ".staging");
    }

    public Path dir() {
        return dir;
    }

    /**
     * Moves each of {@code entries} (files or folders of the staging folder) into {@code runDir},
     * replacing what was there. Each entry is swapped in with a rename.
     */
    public void commit(Path runDir, List<String> entries) throws IOException {
        Files.createDirectories(runDir);
        for (String entry : entries) {
            Path source = dir.resolve(entry);
            if (!Files.exists(source)) {
                throw new IllegalStateException("the stage did not write " + entry);
            }
            Path target = runDir.resolve(entry).normalize();
            if (!target.startsWith(runDir.normalize()) || target.equals(runDir.normalize())) {
                throw new IllegalStateException("the stage output " + entry + " would land outside the run folder " + runDir);
            }
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it deletes the folder.
            return;
        }
        deleteTree(dir);
    }

    private static void deleteQuietly(Path dir) {
        // The stage may still be writing while the JVM shuts down; a few passes catch late files.
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try {
                deleteTree(dir);
            } catch (IOException | UncheckedIOException e) {
                Thread.onSpinWait();
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // deleted concurrently by the shutdown hook
                }
            }
        }
    }
}
