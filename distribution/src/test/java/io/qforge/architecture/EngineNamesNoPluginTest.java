package io.qforge.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.QforgePlugin;
import io.qforge.engine.plugin.SpiType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's source names no built-in plugin in a string: not a target, a round mode, a scale
 * type, a calibrator, a backbone or a dataset. Configs name plugins; the engine looks them up and
 * passes the objects on. (ArchUnit sees classes, fields and methods, not string literals, so this
 * reads the sources.)
 */
class EngineNamesNoPluginTest {

    private static final Path ENGINE = Path.of(System.getProperty("qforge.repo", ".."), "engine/src/main/java");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void noStringLiteralOfTheEngineIsABuiltInPluginsName() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (SpiType<?> spi : SpiType.ALL) {
            for (QforgePlugin p : ServiceLoader.load(spi.type())) {
                names.add(p.name());
                names.addAll(p.aliases());
            }
        }
        assertTrue(names.containsAll(List.of("dpuczdx8g", "onnxruntime-cpu", "half_up", "power_of_two", "diffs", "resnet18", "fashion-mnist")),
                "the built-in plugins are on the class path: " + names);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ENGINE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (names.contains(m.group(1).toLowerCase())) {
                            found.add(ENGINE.relativize(f) + ":" + (i + 1) + " \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "the engine names built-in plugins");
    }
}
