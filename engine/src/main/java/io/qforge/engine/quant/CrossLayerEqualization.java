package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-layer equalization (Nagel et al. 2019, REFERENCE.md §3), after batch-norm folding: for a
 * conv followed by a conv, directly or through a relu, where each intermediate tensor has a
 * single reader, channel i of the pair is rescaled by s_i = sqrt(r0_i / r1_i), with r0_i the
 * largest |weight| of the first conv's output channel i and r1_i that of the second conv's input
 * channel i: W0 /= s, b0 /= s, W1 *= s. The float model computes the same function (relu
 * commutes with a positive scale), and both layers' channel ranges become sqrt(r0 r1), which a
 * per-tensor grid serves better. Either conv may be depthwise, as in MobileNet's 1x1, 3x3
 * depthwise, 1x1 chains (the paper's main case): a depthwise conv's input channel i is its output
 * channels i m to i m + m - 1 for a channel multiplier m. Relu6 does not commute with scaling, so
 * such chains are left alone unless {@code convert_relu6_to_relu} ran first.
 */
public final class CrossLayerEqualization {

    /** The equalized model and the pairs it equalized, as "first -> second". */
    public record Result(FoldedModel model, List<String> pairs) {}

    private CrossLayerEqualization() {}

    public static Result apply(FoldedModel model, int iterations) {
        Graph graph = model.graph();
        List<Node[]> pairs = pairs(graph);
        Parameters p = model.parameters();
        for (int it = 0; it < iterations; it++) {
            for (Node[] pair : pairs) {
                p = equalize(pair[0], pair[1], p);
            }
        }
        List<String> names = new ArrayList<>();
        pairs.forEach(pair -> names.add(pair[0].name() + " -> " + pair[1].name()));
        return new Result(new FoldedModel(graph, p), names);
    }

    static List<Node[]> pairs(Graph graph) {
        List<Node[]> out = new ArrayList<>();
        for (Node first : graph.nodes()) {
            if (!isPlainConv(first)) {
                continue;
            }
            Node next = single(graph, first);
            if (next != null && next.op().equals(Ops.RELU)) {
                next = single(graph, next);
            }
            if (next != null && isPlainConv(next)) {
                out.add(new Node[] {first, next});
            }
        }
        return out;
    }

    /** A plain conv or a depthwise one: grouped convs mix neither all channels nor one. */
    private static boolean isPlainConv(Node n) {
        return n.op().equals(Ops.DEPTHWISE_CONV2D) || n.op().equals(Ops.CONV2D) && n.intAttr("group", 1) == 1;
    }

    private static Node single(Graph graph, Node n) {
        List<Node> readers = graph.consumers(n.name());
        return readers.size() == 1 && !graph.outputs().contains(n.name()) ? readers.get(0) : null;
    }

    private static Parameters equalize(Node first, Node second, Parameters p) {
        NDArray w0 = p.get(first.param("weight"));
        NDArray w1 = p.get(second.param("weight"));
        long channels = w0.getShape().get(0);
        boolean depthwise = second.op().equals(Ops.DEPTHWISE_CONV2D);
        // Rows of w1 by the input channel they read: a depthwise conv's are consecutive output channels.
        NDArray byInput = depthwise ? w1.reshape(channels, -1) : w1.swapAxes(0, 1).reshape(channels, -1);
        NDArray r0 = w0.abs().reshape(channels, -1).max(new int[] {1});
        NDArray r1 = byInput.abs().max(new int[] {1});
        // Channels where either range is zero keep their scale.
        NDArray usable = r0.gt(0).logicalAnd(r1.gt(0));
        NDArray s = r0.div(r1.add(usable.logicalNot().toType(r1.getDataType(), false))).sqrt();
        s = s.mul(usable.toType(s.getDataType(), false)).add(usable.logicalNot().toType(s.getDataType(), false));
        NDArray scaled1 = depthwise ? byInput.mul(s.reshape(channels, 1)).reshape(w1.getShape()) : w1.mul(s.reshape(1, channels, 1, 1));
        Parameters out = p.with(first.param("weight"), w0.div(s.reshape(channels, 1, 1, 1))).with(second.param("weight"), scaled1);
        if (first.param("bias") != null) {
            out = out.with(first.param("bias"), p.get(first.param("bias")).div(s));
        }
        return out;
    }
}
