package io.qforge.plugin.scaletype;

import static io.qforge.plugin.scaletype.Specs.int8;
import static io.qforge.plugin.scaletype.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatScaleTest {

    private final FloatScale scale = new FloatScale();

    @Test
    void symmetricSignedUsesAbsMaxOverQmax() {
        QuantParams p = scale.fromRange(new Range(-2f, 1f), int8());
        assertEquals(2f / 127f, p.scale(0));
        assertEquals(0, p.zeroPoint(0));
        assertFalse(p.isPowerOfTwo());
    }

    @Test
    void asymmetricUnsignedZeroPointIsRoundOfMinusMinOverScale() {
        QuantParams p = scale.fromRange(new Range(-1f, 3f), spec(8, false, false, false));
        assertEquals(4f / 255f, p.scale(0), 1e-9f);
        assertEquals(64, p.zeroPoint(0)); // round(63.75)
    }

    @Test
    void asymmetricSignedShiftsZeroPointByQmin() {
        QuantParams p = scale.fromRange(new Range(-1f, 3f), spec(8, true, false, false));
        assertEquals(-64, p.zeroPoint(0));
    }

    @Test
    void rangeIsWidenedToHoldZero() {
        QuantParams p = scale.fromRange(new Range(1f, 3f), spec(8, false, false, false));
        assertEquals(0, p.zeroPoint(0));
        assertEquals(3f / 255f, p.scale(0), 1e-9f);
    }

    @Test
    void symmetricUnsignedCentresTheGrid() {
        QuantParams p = scale.fromRange(new Range(-1f, 1f), spec(8, false, true, false));
        assertEquals(128, p.zeroPoint(0));
        assertEquals(2f / 255f, p.scale(0), 1e-9f);
    }

    @Test
    void zeroRangeStillGivesAPositiveScale() {
        QuantParams p = scale.fromRange(new Range(0f, 0f), int8());
        assertTrue(p.scale(0) > 0);
    }

    @Test
    void candidatesShrinkTheRangeFromBin1536AndEndWithTheFullRange() {
        Range range = new Range(-4f, 4f);
        List<QuantParams> c = scale.candidates(range, int8());
        assertEquals(33, c.size());
        assertEquals(4f * (1536.5f / 2048f) / 127f, c.get(0).scale(0), 1e-7f);
        assertEquals(scale.fromRange(range, int8()), c.get(32));
        for (int i = 1; i < c.size(); i++) {
            assertTrue(c.get(i).scale(0) > c.get(i - 1).scale(0), "candidates grow");
        }
    }

    @Test
    void everyGridCoversItsRangeToHalfAStep() {
        Random random = new Random(5);
        for (int i = 0; i < 5000; i++) {
            QuantSpec spec = spec(2 + random.nextInt(15), random.nextBoolean(), random.nextBoolean(), false);
            float a = (random.nextFloat() - 0.5f) * 10;
            float b = a + random.nextFloat() * 10;
            Range r = new Range(a, b).withZero();
            QuantParams p = scale.fromRange(r, spec);
            double s = p.scale(0);
            double low = (p.qmin() - p.zeroPoint(0)) * s;
            double high = (p.qmax() - p.zeroPoint(0)) * s;
            assertTrue(high >= r.max() - s / 2 - 1e-6, spec + " covers max of " + r);
            if (spec.signed() || !spec.symmetric()) {
                assertTrue(low <= r.min() + s / 2 + 1e-6, spec + " covers min of " + r);
            }
        }
    }
}
