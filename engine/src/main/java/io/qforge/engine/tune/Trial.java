package io.qforge.engine.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.engine.io.JsonFiles;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of the search: the settings it changes in the base run config, each by its dotted
 * path in the run config's JSON ({@code quantization.include_cle}, {@code calibration.batches},
 * {@code quantization.tensor_quantize_config.activation.method}). A trial is its settings: the same
 * settings give the same config, and the same quantization.
 */
public record Trial(Map<String, Object> settings) {

    /** The base config as written. */
    public static final Trial BASE = new Trial(Map.of());

    public Trial {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** This trial with one more setting, replacing any earlier value of it. */
    public Trial with(String path, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(settings);
        next.remove(path);
        next.put(path, value);
        return new Trial(next);
    }

    /** What the trial changes, e.g. {@code include_cle=false, batches=30}; "as configured" for the base. */
    public String label() {
        if (settings.isEmpty()) {
            return "as configured";
        }
        return settings.entrySet().stream().map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** A copy of {@code base} (a run config's JSON, its quantization config inline) with these settings. */
    public ObjectNode applyTo(ObjectNode base) {
        ObjectNode config = base.deepCopy();
        settings.forEach((path, value) -> {
            String[] keys = path.split("\\.");
            ObjectNode at = config;
            for (int i = 0; i < keys.length - 1; i++) {
                JsonNode next = at.get(keys[i]);
                at = next instanceof ObjectNode object ? object : at.putObject(keys[i]);
            }
            at.set(keys[keys.length - 1], JsonFiles.MAPPER.valueToTree(value));
        });
        return config;
    }
}
