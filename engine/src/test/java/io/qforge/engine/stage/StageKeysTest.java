package io.qforge.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.qforge.engine.stage.StageKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage keys change exactly when what a stage reads changes. */
class StageKeysTest {

    @TempDir
    Path tmp;

    @Test
    void fieldOrderDoesNotMatterButValuesDo() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("epochs", 20);
        a.put("mode", "feature-extraction");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("mode", "feature-extraction");
        b.put("epochs", 20);
        assertEquals(StageKeys.of("v1", a), StageKeys.of("v1", b));
        b.put("epochs", 21);
        assertNotEquals(StageKeys.of("v1", a), StageKeys.of("v1", b));
        assertNotEquals(StageKeys.of("v1", a), StageKeys.of("v2", a), "a new qforge version reruns every stage");
    }

    @Test
    void contentOfANamedFileIsPartOfTheKey() throws Exception {
        Path weights = tmp.resolve("w.safetensors");
        Files.writeString(weights, "one");
        Map<String, Object> config = Map.of("weights", weights.toString());
        String before = StageKeys.of(config);
        assertEquals(before, StageKeys.of(config), "same content, same key");
        Files.writeString(weights, "two");
        assertNotEquals(before, StageKeys.of(config), "edited weights rerun training");
    }

    @Test
    void aFileAddedToANamedFolderChangesTheKey() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("images/cat"));
        Files.writeString(folder.resolve("1.png"), "x");
        Map<String, Object> config = Map.of("dataset", Map.of("path", tmp.resolve("images").toString()));
        String before = StageKeys.of(config);
        Files.writeString(folder.resolve("2.png"), "y");
        assertNotEquals(before, StageKeys.of(config));
    }

    @Test
    void aFileAddedBehindASymlinkedClassFolderChangesTheKey() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/cat"));
        Files.writeString(elsewhere.resolve("1.png"), "x");
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.createSymbolicLink(images.resolve("cat"), elsewhere);
        Map<String, Object> config = Map.of("dataset", Map.of("path", images.toString()));
        String before = StageKeys.of(config);
        Files.writeString(elsewhere.resolve("2.png"), "y");
        assertNotEquals(before, StageKeys.of(config), "the key follows the link");
    }
}
