package io.qforge.plugin.scaletype;

import io.qforge.api.ScaleType;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Power-of-two scales, scale = 2^-fp for a fix position fp: the DPU's only kind (REFERENCE.md §3,
 * "fix_pos" and "diffs").
 *
 * <p>The first fix position fp0 covers the range: step = max(min / (qmin - 0.5), max / (qmax +
 * 0.5)), fp0 = floor(log2(1 / step)), or 18 when step is at most FLT_MIN. For a signed 8-bit grid
 * that is Vitis AI's max(min / -128.5, max / 127.5). The search window is fp0 to fp0 + 4. Fix
 * positions are clamped to at most 12 for bit widths up to 8, and 15 above. Arithmetic is in
 * float32, as Vitis AI's quantizer computes it on float tensors.
 */
public final class PowerOfTwoScale implements ScaleType {

    /** How many fix positions above fp0 the diffs search tries. */
    static final int SEARCH_WIDTH = 4;
    /** The fix position of a range too small to measure. */
    static final int FIX_POSITION_OF_EMPTY_RANGE = 18;

    @Override
    public String name() {
        return "power_of_two";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("poweroftwo");
    }

    @Override
    public boolean powerOfTwo() {
        return true;
    }

    @Override
    public String description() {
        return "power-of-two scale 2^-fix_pos (DPU); alias poweroftwo";
    }

    @Override
    public QuantParams fromRange(Range range, QuantSpec spec) {
        return QuantParams.fixPosition(clamp(firstFixPosition(range, spec), spec), spec.qmin(), spec.qmax());
    }

    /** Fix positions fp0 to fp0 + 4, clamped, without repeats: the diffs search window. */
    @Override
    public List<QuantParams> candidates(Range range, QuantSpec spec) {
        int fp0 = firstFixPosition(range, spec);
        List<QuantParams> out = new ArrayList<>();
        int last = Integer.MIN_VALUE;
        for (int fp = fp0; fp <= fp0 + SEARCH_WIDTH; fp++) {
            int clamped = clamp(fp, spec);
            if (clamped != last) {
                out.add(QuantParams.fixPosition(clamped, spec.qmin(), spec.qmax()));
                last = clamped;
            }
        }
        return out;
    }

    /** fp0 = floor(log2(1 / step)), unclamped. */
    static int firstFixPosition(Range range, QuantSpec spec) {
        float upper = range.max() / (float) (spec.qmax() + 0.5);
        float step = upper;
        if (spec.signed()) {
            float lower = range.min() / (float) (spec.qmin() - 0.5);
            step = Math.max(lower, upper);
        }
        if (step <= Float.MIN_NORMAL) {
            return FIX_POSITION_OF_EMPTY_RANGE;
        }
        // For a normal positive float, its binary exponent is exactly floor(log2(value)).
        float inverse = 1.0f / step;
        if (Float.isInfinite(inverse)) {
            return FIX_POSITION_OF_EMPTY_RANGE;
        }
        return Math.getExponent(inverse);
    }

    static int maxFixPosition(QuantSpec spec) {
        return spec.bitWidth() <= 8 ? 12 : 15;
    }

    private static int clamp(int fp, QuantSpec spec) {
        return Math.min(fp, maxFixPosition(spec));
    }
}
