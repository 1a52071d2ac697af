package io.qforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's plugin jars and folders reach each task's plugins folder, byte for byte. */
class PluginShippingTest {

    @TempDir
    Path tmp;

    @Test
    void shippedPluginsArriveInAPluginsFolderOnTheExecutors() throws Exception {
        Path jar = Files.write(tmp.resolve("my-plugin.jar"), new byte[] {'P', 'K', 3, 4, 42});
        Path folder = Files.createDirectories(tmp.resolve("folder-plugin/META-INF/services")).getParent().getParent();
        Files.writeString(folder.resolve("META-INF/services/io.qforge.api.calibration.Calibrator"), "com.example.Mine\n");
        JavaSparkContext sc = SparkJobs.context("local[2]");
        try {
            List<String> names = PluginShipping.ship(sc, List.of(jar.toString(), folder.toString()));
            assertEquals(List.of("my-plugin.jar", "folder-plugin"), names);
            List<String> seen = sc.parallelize(List.of(1, 2), 2).map(i -> {
                Path dir = PluginShipping.folder(names);
                try (Stream<Path> files = Files.walk(dir)) {
                    return String.join(",", files.filter(Files::isRegularFile).sorted()
                            .map(f -> dir.relativize(f) + "=" + HexFormat.of().formatHex(read(f))).toList());
                }
            }).collect();
            String expected = "folder-plugin/META-INF/services/io.qforge.api.calibration.Calibrator=" + HexFormat.of().formatHex("com.example.Mine\n".getBytes())
                    + ",my-plugin.jar=504b03042a";
            assertEquals(List.of(expected, expected), seen);
            assertEquals(null, PluginShipping.folder(List.of()), "no plugins, no folder");
        } finally {
            sc.stop();
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
