package io.qforge.engine.quant;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DPU's shifter limits on conv-like layers (REFERENCE.md §3): with fix positions of input,
 * weights, bias and output, shift_cut = fp_w + fp_in - fp_out must lie in [0, 16] and
 * shift_bias = fp_w + fp_in - fp_bias in [min(0, -(24 - (8 + shift_cut))), 16]. Where they do
 * not, fix positions move to the nearest allowed value, in graph order so that a moved output is
 * the next layer's input, and every move is reported:
 *
 * <ul>
 *   <li>shift_cut below 0: fp_out comes down, a coarser output grid with a wider range;
 *   <li>shift_cut above 16: fp_w comes down, coarser weights. Raising fp_out instead would halve
 *       the output's range per step and clip it (seen with 16-bit inputs feeding 8-bit layers);
 *   <li>shift_bias out of its range: fp_bias moves.
 * </ul>
 */
public final class DpuShiftConstraints {

    static final int MAX_SHIFT = 16;
    private static final Set<String> CONV_LIKE = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);

    /** The params after the pass, and one line per move. */
    public record Result(Map<String, QuantParams> params, List<String> adjustments) {}

    private DpuShiftConstraints() {}

    public static Result apply(Graph graph, QuantPlan plan, Map<String, QuantParams> calibrated) {
        Map<String, QuantParams> params = new LinkedHashMap<>(calibrated);
        List<String> moves = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (!CONV_LIKE.contains(node.op())) {
                continue;
            }
            String in = plan.quantizedSource(graph, node.inputs().get(0));
            String w = node.param("weight");
            String b = node.param("bias");
            String out = QuantPlan.outputTensor(graph, node);
            Integer fin = fix(params, in);
            Integer fw = fix(params, w);
            Integer fout = fix(params, out);
            if (fin == null || fw == null || fout == null) {
                continue;
            }
            int shiftCut = fw + fin - fout;
            int allowedCut = Math.max(0, Math.min(MAX_SHIFT, shiftCut));
            if (shiftCut < 0) {
                int moved = fw + fin;
                params.put(out, withFix(params.get(out), moved));
                moves.add(node.name() + ": fp_out of " + out + " " + fout + " -> " + moved + " (shift_cut " + shiftCut + " below 0)");
            } else if (shiftCut > MAX_SHIFT) {
                int moved = fw - (shiftCut - MAX_SHIFT);
                params.put(w, withFix(params.get(w), moved));
                moves.add(node.name() + ": fp_w of " + w + " " + fw + " -> " + moved + " (shift_cut " + shiftCut + " above 16)");
                fw = moved;
            }
            Integer fb = b == null ? null : fix(params, b);
            if (fb != null) {
                int shiftBias = fw + fin - fb;
                int low = Math.min(0, -(24 - (8 + allowedCut)));
                int allowedBias = Math.max(low, Math.min(MAX_SHIFT, shiftBias));
                if (allowedBias != shiftBias) {
                    int moved = fw + fin - allowedBias;
                    params.put(b, withFix(params.get(b), moved));
                    moves.add(node.name() + ": fp_bias of " + b + " " + fb + " -> " + moved + " (shift_bias " + shiftBias
                            + " outside [" + low + ", 16])");
                }
            }
        }
        return new Result(params, moves);
    }

    private static Integer fix(Map<String, QuantParams> params, String tensor) {
        QuantParams p = tensor == null ? null : params.get(tensor);
        return p == null || !p.isPowerOfTwo() || !p.isPerTensor() ? null : p.fixPosition(0).orElseThrow();
    }

    private static QuantParams withFix(QuantParams p, int fixPosition) {
        return QuantParams.fixPosition(fixPosition, p.qmin(), p.qmax());
    }
}
