package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.RoundMode;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link RoundMode}: integers stay put, every result is the floor or the ceiling
 * of its input, rounding never reverses order, the NDArray form agrees with the scalar form value
 * for value, halves and negatives included, and a mode that names an XIR rounding rounds exactly
 * as XIR defines it (targets such as the DPU keep a round mode for its XIR name), and a mode that
 * says it steps only at halves is constant between them (calibrators rely on it to round one
 * value per interval). Extend it and return your round mode.
 */
public abstract class RoundModeContract extends NDManagerPerClass {

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

    /** Values on and around halves, where the roundings differ, including float edges such as 0.49999997. */
    private static float[] edges() {
        return new float[] {-127.5f, -127.49999f, -2.5f, -1.5f, -1.4999999f, -0.5f, -0.49999997f, 0f, 0.49999997f, 0.5f, 1.4999999f, 1.5f,
            2.5f, 3.5f, 127.49999f, 127.5f};
    }

    @Test
    void anXirNameMeansXirsRounding() {
        String xir = roundMode().xirName().orElse(null);
        if (xir == null) {
            return; // no XIR name, nothing promised to a target
        }
        for (float x : edges()) {
            double d = x;
            double expected = switch (xir) {
                case "DPU_ROUND" -> x < 0 && d - Math.floor(d) == 0.5 ? Math.ceil(d) : Math.copySign(Math.floor(Math.abs(d) + 0.5), d);
                case "STD_ROUND" -> Math.copySign(Math.floor(Math.abs(d) + 0.5), d);
                case "PY3_ROUND" -> Math.rint(d);
                default -> throw new AssertionError("xirName() is '" + xir + "'; XIR's fix op knows DPU_ROUND, STD_ROUND and PY3_ROUND");
            };
            assertEquals((float) expected + 0.0f, roundMode().round(x) + 0.0f, xir + " rounds " + x + " to " + expected);
        }
    }

    @Test
    void aModeThatStepsOnlyAtHalvesIsConstantBetweenThem() {
        if (!roundMode().stepsOnlyAtHalves()) {
            return; // the default: calibrators then round every value themselves
        }
        for (int k = -40; k < 40; k++) {
            float low = k / 2f;
            float high = (k + 1) / 2f;
            float first = roundMode().round(Math.nextUp(low));
            for (float x : new float[] {Math.nextUp(low), low + 0.01f, (low + high) / 2, high - 0.01f, Math.nextDown(high)}) {
                assertEquals(first, roundMode().round(x), "stepsOnlyAtHalves() is true, but round(" + x + ") differs from round("
                        + Math.nextUp(low) + ") inside (" + low + ", " + high + ")");
            }
        }
    }
}
