package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.RoundMode;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link RoundMode}: integers stay put, every result is the floor or the ceiling
 * of its input, rounding never reverses order, and the NDArray form agrees with the scalar form
 * value for value, halves and negatives included. Extend it and return your round mode.
 */
public abstract class RoundModeContract extends NDArrayContract {

    protected abstract RoundMode roundMode();

    /** -8 to 8 in steps of 1/8: integers, halves and the points between. */
    private static float[] grid() {
        float[] v = new float[129];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 64) / 8f;
        }
        return v;
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(roundMode());
    }

    @Test
    void integersStayPut() {
        for (int i = -300; i <= 300; i++) {
            assertEquals(i, roundMode().round((float) i), "round(" + i + ")");
        }
    }

    @Test
    void resultIsTheFloorOrTheCeiling() {
        for (float x : grid()) {
            float r = roundMode().round(x);
            assertTrue(r == Math.floor(x) || r == Math.ceil(x), "round(" + x + ") = " + r + ", neither floor nor ceiling");
        }
    }

    @Test
    void roundingNeverReversesOrder() {
        float[] v = grid();
        for (int i = 1; i < v.length; i++) {
            assertTrue(roundMode().round(v[i - 1]) <= roundMode().round(v[i]), "round(" + v[i - 1] + ") > round(" + v[i] + ")");
        }
    }

    @Test
    void arrayFormAgreesWithScalarForm() {
        float[] v = grid();
        try (NDManager scope = manager().newSubManager()) {
            NDArray rounded = roundMode().round(scope.create(v));
            float[] r = rounded.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(roundMode().round(v[i]), r[i], "round(" + v[i] + "): scalar and NDArray forms differ");
            }
        }
    }
}
