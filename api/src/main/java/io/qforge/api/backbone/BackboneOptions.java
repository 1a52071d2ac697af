package io.qforge.api.backbone;

import io.qforge.api.context.PluginContext;
import io.qforge.api.context.PluginOptions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backbone's own options from the config's {@code backbone} object, without the keys qforge
 * reads itself ({@code type}, {@code weights}, {@code classes}), and the engine's services. A
 * {@code path} or {@code *_path} option arrives as an absolute path, resolved against the
 * config's folder.
 *
 * <p>Example: {@code {"type": "onnx", "path": "model.onnx", "head": "fc"}} gives the options
 * {@code path=/abs/model.onnx} and {@code head=fc}.
 *
 * @param values the options as the config wrote them
 * @param context the engine's services (cache, offline flag, installed plugins)
 */
public record BackboneOptions(Map<String, Object> values, PluginContext context) {

    /** The keys of the backbone object that qforge reads itself and never passes on. */
    public static final Set<String> ENGINE_KEYS = Set.of("type", "weights", "classes");

    public BackboneOptions {
        values = Map.copyOf(values);
        Objects.requireNonNull(context, "context");
    }

    /** The options read strictly at {@code $.backbone}: keys other than {@code allowed} are refused. */
    public PluginOptions read(Set<String> allowed) {
        Set<String> keys = new TreeSet<>(allowed);
        keys.addAll(ENGINE_KEYS);
        keys.remove("type");
        return context.options(values, "$.backbone", keys);
    }
}
