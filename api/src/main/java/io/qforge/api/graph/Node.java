package io.qforge.api.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One op in the graph. Inputs name earlier nodes or graph inputs; parameters are referenced by
 * name (role to parameter name) and live outside the topology.
 *
 * <p>Example: {@code new Node("layer1.0.conv1", Ops.CONV2D, List.of("maxpool"),
 * Map.of("weight", "layer1.0.conv1.weight"), Map.of("stride", List.of(1, 1)))}.
 *
 * @param name unique in its graph
 * @param op one of {@link Ops}, or a name a backbone and executor agree on
 * @param inputs names of the tensors this node consumes, in argument order
 * @param params parameter role (weight, bias, running_mean...) to parameter name
 * @param attributes op attributes: Integer, Float, Boolean, String, or lists of Integer
 */
public record Node(String name, String op, List<String> inputs, Map<String, String> params, Map<String, Object> attributes) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        inputs = List.copyOf(inputs);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The name of the parameter playing {@code role}, or null. */
    public String param(String role) {
        return params.get(role);
    }

    public int intAttr(String key, int fallback) {
        Object v = attributes.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    public float floatAttr(String key, float fallback) {
        Object v = attributes.get(key);
        return v == null ? fallback : ((Number) v).floatValue();
    }

    public boolean boolAttr(String key, boolean fallback) {
        Object v = attributes.get(key);
        return v == null ? fallback : (Boolean) v;
    }

    /** A list-of-int attribute such as {@code stride}; {@code fallback} when absent. */
    @SuppressWarnings("unchecked")
    public List<Integer> intsAttr(String key, List<Integer> fallback) {
        Object v = attributes.get(key);
        return v == null ? fallback : (List<Integer>) v;
    }
}
