package io.qforge.engine.quant;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A 32-bit bias with a float scale lives on its layer's accumulator grid, as ONNX and TFLite
 * define it: scale = input scale x weight scale (per output channel when the weights are), zero
 * point 0. Then an int8 runtime adds it to the int32 sums without rescaling, and the simulation
 * rounds it exactly as the exported file holds it. Other biases keep their calibrated grid.
 */
public final class AccumulatorBias {

    private static final Set<String> LAYERS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);

    private AccumulatorBias() {}

    public static Map<String, QuantParams> apply(Graph graph, QuantPlan plan, Map<String, QuantParams> params) {
        Map<String, QuantParams> out = new LinkedHashMap<>(params);
        for (Node node : graph.nodes()) {
            String bias = node.param("bias");
            QuantTensor b = bias == null ? null : plan.tensors().get(bias);
            if (!LAYERS.contains(node.op()) || b == null || !onAccumulatorGrid(b.spec())) {
                continue;
            }
            QuantParams in = params.get(plan.quantizedSource(graph, node.inputs().get(0)));
            QuantParams w = params.get(node.param("weight"));
            if (in == null || w == null || !in.isPerTensor()) {
                continue;
            }
            QuantParams[] channels = new QuantParams[w.channels()];
            for (int c = 0; c < channels.length; c++) {
                channels[c] = QuantParams.affine(in.scale(0) * w.scale(c), 0, b.spec().qmin(), b.spec().qmax());
            }
            out.put(bias, w.isPerTensor() ? channels[0] : QuantParams.perChannel(channels, 0));
        }
        return out;
    }

    /** A bias quantized at 32 bits with a float scale. */
    static boolean onAccumulatorGrid(QuantSpec spec) {
        return spec.bitWidth() == 32 && spec.scaleType().equals("float");
    }
}
