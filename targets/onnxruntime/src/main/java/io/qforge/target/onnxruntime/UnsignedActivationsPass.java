package io.qforge.target.onnxruntime;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime's params pass for signed inputs and activations (a DPU config moved to the CPU):
 * each is stored as uint8, because ONNX Runtime fuses a QDQ group into QLinearConv, QLinearAdd and
 * friends only when the group's inputs and output share one type, drops a Relu before
 * QuantizeLinear only when the zero point is the bottom of the grid, and its x86 kernels are
 * fastest with uint8 activations and int8 weights.
 *
 * <ul>
 *   <li>A tensor that cannot be negative (a ReLU's output, or a pool, flatten, concat or add of
 *       such tensors) with zero point 0 gets zero point 0 and half the scale: the same range
 *       ({@code [0, 127.5 s]} against {@code [0, 127 s]}) at twice the resolution, and the Relu
 *       before it becomes redundant;
 *   <li>any other signed tensor gets zero point {@code zp - qmin} on {@code [0, qmax - qmin]}: the
 *       same grid, so the same values, shifted into uint8.
 * </ul>
 *
 * Runs before bias correction, so that it and the simulation see the grids ONNX Runtime runs. A
 * strict target refuses the change instead, naming the tensors.
 */
final class UnsignedActivationsPass implements ParamsAdjustment {

    /** Ops whose output is non-negative when every input is. */
    private static final Set<String> KEEPS_SIGN = Set.of(Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL, Ops.FLATTEN, Ops.IDENTITY,
            Ops.CONCAT, Ops.ADD);
    private static final Set<String> NON_NEGATIVE_OUTPUT = Set.of(Ops.RELU, Ops.RELU6);

    private final boolean strict;

    UnsignedActivationsPass(boolean strict) {
        this.strict = strict;
    }

    @Override
    public String name() {
        return "uint8-activations";
    }

    @Override
    public AdjustedParams apply(QuantizedModel model) {
        Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
        Set<String> nonNegative = nonNegativeTensors(model);
        List<String> tensors = new ArrayList<>();
        for (GraphInput in : model.graph().inputs()) {
            tensors.add(in.name());
        }
        for (Node n : model.graph().nodes()) {
            tensors.add(n.name());
        }
        int halved = 0;
        int shifted = 0;
        List<String> changed = new ArrayList<>();
        for (String t : tensors) {
            QuantParams p = params.get(t);
            if (p == null || !p.isPerTensor() || p.qmin() >= 0) {
                continue;
            }
            long top = p.qmax() - p.qmin();
            if (nonNegative.contains(t) && p.zeroPoint(0) == 0) {
                params.put(t, p.fixPosition(0).map(f -> QuantParams.fixPosition(f + 1, 0, top))
                        .orElseGet(() -> QuantParams.affine(p.scale(0) / 2, 0, 0, top)));
                halved++;
            } else {
                params.put(t, QuantParams.affine(p.scale(0), p.zeroPoint(0) - p.qmin(), 0, top));
                shifted++;
            }
            changed.add(t);
        }
        if (changed.isEmpty()) {
            return new AdjustedParams(params, List.of());
        }
        if (strict) {
            throw new InvalidInputException("$.quantization", "target onnxruntime-cpu is strict and refuses to store " + changed.size()
                    + " signed inputs and activations as uint8 (" + String.join(", ", changed) + "). ONNX Runtime fuses its int8 kernels "
                    + "only with uint8 activations here; quantize activations and the input with scale_type float, signed false and symmetry false, "
                    + "as examples/cpu_int8_config.json does, or drop strict");
        }
        List<String> lines = new ArrayList<>();
        if (halved > 0) {
            lines.add(halved + " non-negative activations (after a ReLU) stored as uint8, zero point 0, half the scale: the same range, "
                    + "twice the resolution, and ONNX Runtime drops the Relu");
        }
        if (shifted > 0) {
            lines.add(shifted + " other signed inputs and activations stored as uint8 with zero point shifted by 128 (the same grid), "
                    + "so that ONNX Runtime fuses their layers");
        }
        return new AdjustedParams(params, lines);
    }

    /** The node outputs that cannot be negative, in float and in the simulation alike. */
    static Set<String> nonNegativeTensors(QuantizedModel model) {
        Set<String> out = new HashSet<>();
        for (Node n : model.graph().nodes()) {
            boolean fromNonNegative = !n.inputs().isEmpty() && out.containsAll(n.inputs());
            if (NON_NEGATIVE_OUTPUT.contains(n.op()) || KEEPS_SIGN.contains(n.op()) && fromNonNegative) {
                out.add(n.name());
            }
        }
        return out;
    }
}
