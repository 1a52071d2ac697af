package io.qforge.api.target;

import java.util.Map;
import java.util.Optional;

/**
 * The target's own options from the config's {@code target} object, without {@code type}.
 *
 * <p>Example: {@code {"type": "DPUCZDX8G", "preset": "KV260"}} gives options {@code preset=KV260}.
 */
public record TargetOptions(Map<String, Object> values) {

    public TargetOptions {
        values = Map.copyOf(values);
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /** Whether conflicting quant settings are rejected rather than adjusted with a warning. */
    public boolean strict() {
        return Boolean.TRUE.equals(values.get("strict"));
    }
}
