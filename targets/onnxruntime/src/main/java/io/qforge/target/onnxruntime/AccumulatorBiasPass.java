package io.qforge.target.onnxruntime;

import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.target.QuantizedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime's params pass: a 32-bit bias with a float scale lives on its layer's accumulator
 * grid, as ONNX and TFLite define it: scale = input scale x weight scale (per output channel when
 * the weights are), zero point 0. Then QLinearConv adds it to the int32 sums without rescaling,
 * and the simulation rounds it exactly as the exported file holds it. Other biases keep their
 * calibrated grid.
 */
final class AccumulatorBiasPass implements ParamsAdjustment {

    private static final Set<String> LAYERS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);

    @Override
    public String name() {
        return "accumulator-bias";
    }

    /** Only the final biases go to the file; bias correction works on the calibrated grid. */
    @Override
    public boolean beforeBiasCorrection() {
        return false;
    }

    @Override
    public AdjustedParams apply(QuantizedModel model) {
        Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
        int moved = 0;
        for (Node node : model.graph().nodes()) {
            String bias = node.param("bias");
            ResolvedSpec b = bias == null ? null : model.specs().get(bias);
            if (!LAYERS.contains(node.op()) || b == null || !onAccumulatorGrid(b)) {
                continue;
            }
            QuantParams in = params.get(model.quantizedSource(node.inputs().get(0)));
            QuantParams w = params.get(node.param("weight"));
            if (in == null || w == null || !in.isPerTensor()) {
                continue;
            }
            QuantParams[] channels = new QuantParams[w.channels()];
            for (int c = 0; c < channels.length; c++) {
                channels[c] = QuantParams.affine(in.scale(0) * w.scale(c), 0, b.spec().qmin(), b.spec().qmax());
            }
            QuantParams grid = w.isPerTensor() ? channels[0] : QuantParams.perChannel(channels, 0);
            if (!grid.equals(params.get(bias))) {
                params.put(bias, grid);
                moved++;
            }
        }
        return new AdjustedParams(params, moved == 0 ? List.of() : List.of(moved + " int32 biases put on their layer's accumulator grid "
                + "(input scale x weight scale)"));
    }

    /** A bias quantized at 32 bits with a float scale. */
    static boolean onAccumulatorGrid(ResolvedSpec spec) {
        return spec.spec().bitWidth() == 32 && !spec.scaleType().powerOfTwo();
    }
}
