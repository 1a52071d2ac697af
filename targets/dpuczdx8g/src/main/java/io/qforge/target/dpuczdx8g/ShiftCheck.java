package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before export, the DPU's shifter limits on every conv-like layer (REFERENCE.md §3): shift_cut =
 * fp_w + fp_in - fp_out in [0, 16] and shift_bias = fp_w + fp_in - fp_bias in [min(0, -(24 - (8
 * + shift_cut))), 16]. qforge quantize moves fix positions until they hold when the Vitis AI
 * config's target_device is DPU; a model quantized otherwise may break them, and is refused here
 * with every layer named.
 */
final class ShiftCheck {

    private static final Set<String> CONV_LIKE = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);
    private static final Set<String> FUSED = Set.of(Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU);

    private ShiftCheck() {}

    static void require(QuantizedModel model) {
        Graph graph = model.graph();
        Map<String, QuantParams> p = model.quantParams();
        List<String> broken = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (!CONV_LIKE.contains(node.op())) {
                continue;
            }
            Integer in = fix(p, model.quantizedSource(node.inputs().get(0)));
            Integer w = fix(p, node.param("weight"));
            Integer out = fix(p, output(graph, node));
            if (in == null || w == null || out == null) {
                continue;
            }
            int cut = w + in - out;
            if (cut < 0 || cut > 16) {
                broken.add(node.name() + ": shift_cut " + cut + " outside [0, 16]");
                continue;
            }
            Integer b = fix(p, node.param("bias"));
            if (b != null) {
                int shiftBias = w + in - b;
                int low = Math.min(0, -(24 - (8 + cut)));
                if (shiftBias < low || shiftBias > 16) {
                    broken.add(node.name() + ": shift_bias " + shiftBias + " outside [" + low + ", 16]");
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new InvalidInputException("$.quantization.target_device", "the quantized model breaks the DPU's shifter limits: "
                    + String.join("; ", broken) + ". Quantize with target_device DPU, which moves fix positions until they hold");
        }
    }

    private static String output(Graph graph, Node node) {
        List<Node> readers = graph.consumers(node.name());
        return readers.size() == 1 && FUSED.contains(readers.get(0).op()) ? readers.get(0).name() : node.name();
    }

    private static Integer fix(Map<String, QuantParams> params, String tensor) {
        QuantParams q = tensor == null ? null : params.get(tensor);
        return q == null || !q.isPowerOfTwo() ? null : q.fixPosition(0).orElseThrow();
    }
}
