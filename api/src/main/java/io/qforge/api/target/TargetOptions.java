package io.qforge.api.target;

import io.qforge.api.context.PluginContext;
import io.qforge.api.context.PluginOptions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The target's own options from the config's {@code target} object, without {@code type}, and the
 * engine's services.
 *
 * <p>Example: {@code {"type": "DPUCZDX8G", "preset": "KV260"}} gives options {@code preset=KV260}.
 *
 * @param values the options as the config wrote them
 * @param context the engine's services (cache, offline flag, installed plugins, programs on the PATH)
 */
public record TargetOptions(Map<String, Object> values, PluginContext context) {

    /** The option every target accepts: refuse settings the target would have to change, rather than change them. */
    public static final String STRICT = "strict";

    public TargetOptions {
        values = Map.copyOf(values);
        Objects.requireNonNull(context, "context");
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /** Whether conflicting quant settings are rejected rather than adjusted with a warning. */
    public boolean strict() {
        return Boolean.TRUE.equals(values.get(STRICT));
    }

    /** The options read strictly at {@code $.target}: keys other than {@code allowed} and {@code strict} are refused. */
    public PluginOptions read(Set<String> allowed) {
        Set<String> keys = new TreeSet<>(allowed);
        keys.add(STRICT);
        return context.options(values, "$.target", keys);
    }

    /** The same target with other option values, e.g. another preset. */
    public TargetOptions with(Map<String, Object> newValues) {
        return new TargetOptions(newValues, context);
    }
}
