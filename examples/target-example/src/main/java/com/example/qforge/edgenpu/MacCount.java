package com.example.qforge.edgenpu;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiply-accumulates per image, the work the NPU's MAC array does: output elements times the
 * MACs of each, for conv and linear layers; other ops count none.
 *
 * <p>Example: a 3x3 conv from 64 to 64 channels on 8x8 does 64 * 8 * 8 * (64 * 3 * 3) = 2,359,296.
 */
final class MacCount {

    private MacCount() {}

    /** The MACs of every node of {@code graph}, by node name, for one image. */
    static Map<String, Long> perNode(Graph graph) {
        Map<String, Shape> shapes = ShapeInference.infer(graph, 1);
        Map<String, Long> macs = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            macs.put(node.name(), of(graph, node, shapes.get(node.name())));
        }
        return macs;
    }

    static long total(Graph graph) {
        return perNode(graph).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long of(Graph graph, Node node, Shape out) {
        return switch (node.op()) {
            case Ops.CONV2D, Ops.DEPTHWISE_CONV2D -> {
                Shape w = graph.parameters().get(node.param("weight")).shape();
                yield out.size() / out.get(0) * w.get(1) * w.get(2) * w.get(3);
            }
            case Ops.LINEAR -> {
                Shape w = graph.parameters().get(node.param("weight")).shape();
                yield out.size() / out.get(0) * w.get(1);
            }
            default -> 0L;
        };
    }
}
