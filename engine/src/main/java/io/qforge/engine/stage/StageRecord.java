package io.qforge.engine.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.qforge.engine.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code <run>/stages.json}: the key each finished stage was made with. A stage's key is removed
 * before its outputs are swapped in and written after, so outputs are only ever reused when they
 * were completely written for that key.
 */
public final class StageRecord {

    public static final String FILE = "stages.json";

    private final Path file;
    private final Map<String, String> keys;

    private StageRecord(Path file, Map<String, String> keys) {
        this.file = file;
        this.keys = keys;
    }

    public static StageRecord read(Path runDir) {
        Path file = runDir.resolve(FILE);
        Map<String, String> keys = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try {
                keys.putAll(JsonFiles.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
            } catch (IOException e) {
                // An unreadable record only costs a rerun of every stage.
                keys.clear();
            }
        }
        return new StageRecord(file, keys);
    }

    /** Whether {@code stage} finished with exactly {@code key}. */
    public boolean matches(String stage, String key) {
        return key.equals(keys.get(stage));
    }

    public Optional<String> key(String stage) {
        return Optional.ofNullable(keys.get(stage));
    }

    public void forget(String stage) throws IOException {
        if (keys.remove(stage) != null) {
            JsonFiles.write(file, keys);
        }
    }

    public void put(String stage, String key) throws IOException {
        keys.put(stage, key);
        JsonFiles.write(file, keys);
    }
}
