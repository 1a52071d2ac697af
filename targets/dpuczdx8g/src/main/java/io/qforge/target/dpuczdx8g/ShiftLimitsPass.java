package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DPU's params pass: where a conv-like layer breaks the {@link ShiftLimits}, fix positions
 * move to the nearest allowed value, in graph order so that a moved output is the next layer's
 * input, and every move is reported:
 *
 * <ul>
 *   <li>shift_cut below 0: fp_out comes down, a coarser output grid with a wider range;
 *   <li>shift_cut above 16: fp_w comes down, coarser weights. Raising fp_out instead would halve
 *       the output's range per step and clip it (seen with 16-bit inputs feeding 8-bit layers);
 *   <li>shift_bias out of its range: fp_bias moves.
 * </ul>
 *
 * A strict target refuses the moves instead, naming each layer.
 */
final class ShiftLimitsPass implements ParamsAdjustment {

    static final Set<String> CONV_LIKE = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);

    private final boolean strict;

    ShiftLimitsPass(boolean strict) {
        this.strict = strict;
    }

    @Override
    public String name() {
        return "shift-limits";
    }

    @Override
    public AdjustedParams apply(QuantizedModel model) {
        Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
        List<String> moves = new ArrayList<>();
        for (Node node : model.graph().nodes()) {
            if (!CONV_LIKE.contains(node.op())) {
                continue;
            }
            String in = model.quantizedSource(node.inputs().get(0));
            String w = node.param("weight");
            String b = node.param("bias");
            String out = model.outputTensor(node);
            Integer fin = fix(params, in);
            Integer fw = fix(params, w);
            Integer fout = fix(params, out);
            if (fin == null || fw == null || fout == null) {
                continue;
            }
            int shiftCut = fw + fin - fout;
            int allowedCut = Math.max(0, Math.min(ShiftLimits.MAX_SHIFT, shiftCut));
            if (shiftCut < 0) {
                int moved = fw + fin;
                params.put(out, withFix(params.get(out), moved));
                moves.add(node.name() + ": fp_out of " + out + " " + fout + " -> " + moved + " (shift_cut " + shiftCut + " below 0)");
            } else if (shiftCut > ShiftLimits.MAX_SHIFT) {
                int moved = fw - (shiftCut - ShiftLimits.MAX_SHIFT);
                params.put(w, withFix(params.get(w), moved));
                moves.add(node.name() + ": fp_w of " + w + " " + fw + " -> " + moved + " (shift_cut " + shiftCut + " above "
                        + ShiftLimits.MAX_SHIFT + ")");
                fw = moved;
            }
            Integer fb = fix(params, b);
            if (fb != null && !ShiftLimits.biasInRange(fw + fin - fb, allowedCut)) {
                int shiftBias = fw + fin - fb;
                int allowedBias = Math.max(ShiftLimits.lowestBias(allowedCut), Math.min(ShiftLimits.MAX_SHIFT, shiftBias));
                int moved = fw + fin - allowedBias;
                params.put(b, withFix(params.get(b), moved));
                moves.add(node.name() + ": fp_bias of " + b + " " + fb + " -> " + moved + " (shift_bias " + shiftBias + " outside "
                        + ShiftLimits.biasRange(allowedCut) + ")");
            }
        }
        if (strict && !moves.isEmpty()) {
            throw new InvalidInputException("$.target.strict", "target dpuczdx8g is strict, and the calibrated fix positions break the DPU's "
                    + "shifter limits: " + String.join("; ", moves) + ". Drop \"strict\" to let qforge move them");
        }
        return new AdjustedParams(params, moves);
    }

    /** The fix position of a per-tensor power-of-two tensor, or null when it has none. */
    static Integer fix(Map<String, QuantParams> params, String tensor) {
        QuantParams p = tensor == null ? null : params.get(tensor);
        return p == null || !p.isPowerOfTwo() || !p.isPerTensor() ? null : p.fixPosition(0).orElseThrow();
    }

    private static QuantParams withFix(QuantParams p, int fixPosition) {
        return QuantParams.fixPosition(fixPosition, p.qmin(), p.qmax());
    }
}
