package io.qforge.api.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a target's artifacts all at once: into a staging folder beside the destination, which
 * then takes the destination's place. A compile that fails leaves the previous folder as it was
 * and no staging folder behind.
 */
public final class StagedDirectory {

    /** What fills the staging folder. */
    @FunctionalInterface
    public interface Writer {
        void write(Path staging) throws IOException;
    }

    private StagedDirectory() {}

    /** Fills a staging folder with {@code writer}, puts it in place of {@code dir}, and returns the files written, sorted. */
    public static List<Path> write(Path dir, Writer writer) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + "-");
        try {
            writer.write(staging);
            Path old = null;
            if (Files.exists(dir)) {
                old = dir.resolveSibling(dir.getFileName() + ".old-" + System.nanoTime());
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            deleteTree(staging);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
