package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.ScaleType;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ScaleType}: params on the spec's grid, a range that covers the one
 * asked for (up to one step of the grid), a scale that grows with the range, and candidates that
 * are valid and include the direct answer, and {@code powerOfTwo()} true exactly when the params
 * are fix positions. Extend it and return your scale type.
 */
public abstract class ScaleTypeContract {

    protected abstract ScaleType scaleType();

    private QuantSpec spec(boolean symmetric, boolean signed) {
        return new QuantSpec(TensorKind.ACTIVATION, 8, "maxmin", "half_even", scaleType().name(), symmetric, false, signed, false, "modal", 99.99);
    }

    private static double top(QuantParams p) {
        return (p.qmax() - p.zeroPoint(0)) * (double) p.scale(0);
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(scaleType());
    }

    @Test
    void paramsAreOnTheSpecsGrid() {
        QuantSpec spec = spec(true, true);
        QuantParams p = scaleType().fromRange(new Range(-3f, 2f), spec);
        assertEquals(spec.qmin(), p.qmin());
        assertEquals(spec.qmax(), p.qmax());
        assertTrue(p.isPerTensor());
    }

    @Test
    void rangeIsCoveredUpToOneStep() {
        for (float max : new float[] {0.01f, 0.3f, 1f, 5.5f, 100f}) {
            QuantParams p = scaleType().fromRange(new Range(-max, max), spec(true, true));
            assertTrue(top(p) + p.scale(0) >= max, "range up to " + max + " gave " + p + ", which stops short of it by more than a step");
            // A scale type may bound its scale for tiny ranges (power_of_two stops at fix_pos 12 for 8 bits), so only wider ones are held to this.
            if (max >= 0.1f) {
                assertTrue(top(p) <= 2.01 * max + p.scale(0), "range up to " + max + " gave " + p + ", more than twice as wide as needed");
            }
        }
    }

    @Test
    void scaleGrowsWithTheRange() {
        double previous = 0;
        for (float max = 0.05f; max < 200; max *= 1.7f) {
            double scale = scaleType().fromRange(new Range(-max, max), spec(true, true)).scale(0);
            assertTrue(scale >= previous, "range " + max + " gave scale " + scale + ", smaller than " + previous + " for a smaller range");
            previous = scale;
        }
    }

    @Test
    void candidatesAreValidAndIncludeTheDirectAnswer() {
        QuantSpec spec = spec(true, true);
        Range range = new Range(-1.3f, 1.3f);
        List<QuantParams> candidates = scaleType().candidates(range, spec);
        assertFalse(candidates.isEmpty(), "candidates() must offer at least one choice");
        for (QuantParams c : candidates) {
            assertEquals(spec.qmax(), c.qmax(), "every candidate is on the spec's grid");
        }
        assertTrue(candidates.contains(scaleType().fromRange(range, spec)), "candidates() must include fromRange()'s answer");
    }

    @Test
    void powerOfTwoSaysWhatItsParamsAre() {
        for (float max : new float[] {0.02f, 1f, 37f}) {
            QuantParams p = scaleType().fromRange(new Range(-max, max), spec(true, true));
            assertEquals(scaleType().powerOfTwo(), p.isPowerOfTwo(), "powerOfTwo() says " + scaleType().powerOfTwo()
                    + " (targets such as the DPU rely on it), but the range up to " + max + " gave " + p);
        }
    }

    @Test
    void zeroWidthRangeStillGivesAUsableScale() {
        QuantParams p = scaleType().fromRange(new Range(0f, 0f), spec(true, true));
        assertTrue(p.scale(0) > 0 && Float.isFinite(p.scale(0)), "a dead tensor still needs a usable scale, got " + p);
    }
}
