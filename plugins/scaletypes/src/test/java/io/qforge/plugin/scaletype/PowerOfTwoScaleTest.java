package io.qforge.plugin.scaletype;

import static io.qforge.plugin.scaletype.Specs.int8;
import static io.qforge.plugin.scaletype.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PowerOfTwoScaleTest {

    private final PowerOfTwoScale scale = new PowerOfTwoScale();

    private int fp(float min, float max, QuantSpec spec) {
        return scale.fromRange(new Range(min, max), spec).fixPosition(0).orElseThrow();
    }

    @Test
    void acceptsVitisSpellingAsAlias() {
        assertEquals("power_of_two", scale.name());
        assertEquals(Set.of("poweroftwo"), scale.aliases());
    }

    @Test
    void fixPositionFollowsVitisStepFormula() {
        // step = max(1 / 128.5, 0.9 / 127.5) = 1 / 128.5; log2(128.5) = 7.006
        assertEquals(7, fp(-1.0f, 0.9f, int8()));
        // step = 1 / 127.5; log2(127.5) = 6.994: 1.0 * 2^7 = 128 would not fit in 127
        assertEquals(6, fp(-1.0f, 1.0f, int8()));
        assertEquals(-3, fp(-1000f, 1000f, int8()));
    }

    @Test
    void exactPowerOfTwoStepIsNotRoundedDown() {
        float edge = 127.5f / 128f; // step exactly 2^-7
        assertEquals(7, fp(0f, edge, int8()));
        assertEquals(6, fp(0f, Math.nextUp(edge), int8()));
    }

    @Test
    void emptyRangeUsesEighteenThenTheBitWidthClamp() {
        assertEquals(18, PowerOfTwoScale.firstFixPosition(new Range(0f, 0f), int8()));
        assertEquals(12, fp(0f, 0f, int8()));
        assertEquals(15, fp(0f, 0f, spec(16, true, true, false)));
        assertEquals(12, fp(-1e-6f, 1e-6f, int8()));
    }

    @Test
    void narrowRangeUsesItsSmallerNegativeEnd() {
        assertEquals(7, fp(-1.0f, 0.5f, int8()));
        assertEquals(6, fp(-1.0f, 0.5f, spec(8, true, true, true)));
    }

    @Test
    void unsignedGridUsesOnlyTheUpperBound() {
        // 2 / 255.5 -> log2(127.75) = 6.997
        QuantParams p = scale.fromRange(new Range(0f, 2f), spec(8, false, true, false));
        assertEquals(6, p.fixPosition(0).orElseThrow());
        assertEquals(0, p.qmin());
        assertEquals(255, p.qmax());
    }

    @Test
    void paramsCarryScaleAndGrid() {
        QuantParams p = scale.fromRange(new Range(-1f, 0.9f), int8());
        assertTrue(p.isPowerOfTwo());
        assertEquals(1f / 128f, p.scale(0));
        assertEquals(0, p.zeroPoint(0));
        assertEquals(-128, p.qmin());
        assertEquals(127, p.qmax());
    }

    @Test
    void candidatesAreTheDiffsWindowClampedWithoutRepeats() {
        assertEquals(List.of(7, 8, 9, 10, 11), fixPositions(scale.candidates(new Range(-1f, 0.9f), int8())));
        assertEquals(List.of(10, 11, 12), fixPositions(scale.candidates(new Range(-0.1f, 0.1f), int8())));
    }

    @Test
    void chosenFixPositionIsTheLargestThatCoversTheRange() {
        Random random = new Random(11);
        for (int i = 0; i < 5000; i++) {
            int bits = 2 + random.nextInt(15);
            boolean signed = random.nextBoolean();
            QuantSpec spec = spec(bits, signed, true, false);
            float amax = (float) Math.pow(2, random.nextInt(20) - 10) * (0.5f + random.nextFloat());
            float min = signed ? -amax * random.nextFloat() : 0f;
            int fp = fp(min, amax, spec);
            int maxFp = bits <= 8 ? 12 : 15;
            double unit = Math.scalb(1.0, fp);
            assertTrue(amax * unit <= spec.qmax() + 0.5, "max fits at fp " + fp);
            assertTrue(-min * unit <= -spec.qmin() + 0.5, "min fits at fp " + fp);
            if (fp < maxFp) {
                double finer = Math.scalb(1.0, fp + 1);
                assertTrue(amax * finer > spec.qmax() + 0.5 || -min * finer > -spec.qmin() + 0.5,
                        "fp " + (fp + 1) + " would also fit " + min + ".." + amax + " at " + bits + " bits");
            }
        }
    }

    private static List<Integer> fixPositions(List<QuantParams> params) {
        return params.stream().map(p -> p.fixPosition(0).orElseThrow()).toList();
    }
}
