package io.qforge.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Brings the driver's third-party plugins (the jars and folders of its plugins folder) to the
 * executors: the driver adds them to the Spark job's files, and each executor gathers its copies
 * into a plugins folder of its own for its engine.
 */
final class PluginShipping {

    private static final Set<String> ADDED = new HashSet<>();

    private PluginShipping() {}

    /** Adds {@code paths} to {@code sc}'s files and returns the names executors find them by. */
    static synchronized List<String> ship(JavaSparkContext sc, List<String> paths) {
        for (String p : paths) {
            Path path = Path.of(p).toAbsolutePath();
            if (ADDED.add(sc.sc().applicationId() + path)) {
                sc.sc().addFile(path.toString(), Files.isDirectory(path));
            }
        }
        return names(paths);
    }

    /** The names executors find {@code paths} by, once shipped. */
    static List<String> names(List<String> paths) {
        return paths.stream().map(p -> Path.of(p).getFileName().toString()).toList();
    }

    /** On an executor: a folder holding the shipped plugins {@code names}, or null for none. */
    static Path folder(List<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        try {
            Path dir = Files.createTempDirectory("qforge-plugins-");
            dir.toFile().deleteOnExit();
            for (String name : names) {
                Path shipped = Path.of(SparkFiles.get(name));
                copy(shipped, dir.resolve(name));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gather the shipped plugins " + names + " on this executor", e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
