package io.qforge.plugin.roundmode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.RoundMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundModesTest {

    private static final RoundMode HALF_EVEN = new HalfEvenRound();
    private static final RoundMode HALF_UP = new HalfUpRound();
    private static final RoundMode HALF_DOWN = new HalfDownRound();
    private static final RoundMode STD_ROUND = new StdRound();
    private static final RoundMode FLOOR = new FloorRound();
    private static final RoundMode CEIL = new CeilRound();
    private static final RoundMode[] ALL = {HALF_EVEN, HALF_UP, HALF_DOWN, STD_ROUND, FLOOR, CEIL};

    private static NDManager manager;

    @BeforeAll
    static void openEngine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void closeEngine() {
        manager.close();
    }

    /** Every .5 case, positive and negative, and the float edges just beside them (REFERENCE.md §3). */
    @ParameterizedTest(name = "{0}: half_even {1}, half_up {2}, half_down {3}, std_round {4}, floor {5}, ceil {6}")
    @CsvSource({
        "0.5,         0,    1,    0,    1,    0,    1",
        "-0.5,        0,    0,    0,   -1,   -1,    0",
        "1.5,         2,    2,    1,    2,    1,    2",
        "-1.5,       -2,   -1,   -1,   -2,   -2,   -1",
        "2.5,         2,    3,    2,    3,    2,    3",
        "-2.5,       -2,   -2,   -2,   -3,   -3,   -2",
        "3.5,         4,    4,    3,    4,    3,    4",
        "-3.5,       -4,   -3,   -3,   -4,   -4,   -3",
        "127.5,     128,  128,  127,  128,  127,  128",
        "-127.5,   -128, -127, -127, -128, -128, -127",
        "-128.5,   -128, -128, -128, -129, -129, -128",
        "0.49999997,  0,    0,    0,    0,    0,    1",
        "-0.49999997, 0,    0,    0,    0,   -1,    0",
        "1.4999999,   1,    1,    1,    1,    1,    2",
        "-1.4999999, -1,   -1,   -1,   -1,   -2,   -1",
        "127.49999, 127,  127,  127,  127,  127,  128",
        "-127.49999,-127, -127, -127, -127, -128, -127",
        "0.50000006,  1,    1,    1,    1,    0,    1",
        "-0.50000006,-1,   -1,   -1,   -1,   -1,    0",
        "2.7,         3,    3,    3,    3,    2,    3",
        "-2.7,       -3,   -3,   -3,   -3,   -3,   -2",
        "0,           0,    0,    0,    0,    0,    0",
        "16777215,16777215,16777215,16777215,16777215,16777215,16777215",
    })
    void everyModeFollowsItsDefinition(float x, float halfEven, float halfUp, float halfDown, float std, float floor, float ceil) {
        float[] expected = {halfEven, halfUp, halfDown, std, floor, ceil};
        for (int i = 0; i < ALL.length; i++) {
            assertEquals(expected[i], ALL[i].round(x), ALL[i].name() + " scalar of " + x);
            try (NDArray in = manager.create(new float[] {x}); NDArray out = ALL[i].round(in)) {
                assertEquals(expected[i], out.toFloatArray()[0], ALL[i].name() + " tensor of " + x);
            }
        }
    }

    @Test
    void halfUpIsNotTheFloat32Shortcut() {
        float x = 0.49999997f;
        assertEquals(1.0f, (float) Math.floor(x + 0.5f), "the float32 shortcut rounds up here");
        assertEquals(0.0f, HALF_UP.round(x));
    }

    @Test
    void scalarAndTensorFormsAgreeBitForBit() {
        float[] values = probeValues();
        try (NDArray in = manager.create(values)) {
            for (RoundMode mode : ALL) {
                float[] scalar = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    scalar[i] = mode.round(values[i]);
                }
                try (NDArray out = mode.round(in)) {
                    assertArrayEquals(scalar, out.toFloatArray(), mode.name());
                }
            }
        }
    }

    @Test
    void tensorFormKeepsShapeAndLeavesInputUntouched() {
        try (NDArray in = manager.create(new float[] {-2.5f, -0.5f, 0.5f, 2.5f}).reshape(2, 2)) {
            NDArray out = HALF_UP.round(in);
            assertEquals(in.getShape(), out.getShape());
            assertArrayEquals(new float[] {-2f, 0f, 1f, 3f}, out.toFloatArray());
            assertArrayEquals(new float[] {-2.5f, -0.5f, 0.5f, 2.5f}, in.toFloatArray());
            assertEquals(in.getManager(), out.getManager());
        }
    }

    @Test
    void nonFiniteValuesPassThrough() {
        for (RoundMode mode : ALL) {
            assertEquals(Float.POSITIVE_INFINITY, mode.round(Float.POSITIVE_INFINITY), mode.name());
            assertEquals(Float.NEGATIVE_INFINITY, mode.round(Float.NEGATIVE_INFINITY), mode.name());
            assertEquals(Float.NaN, mode.round(Float.NaN), mode.name());
        }
    }

    @Test
    void xirNamesMatchReference() {
        assertEquals("DPU_ROUND", HALF_UP.xirName().orElseThrow());
        assertEquals("STD_ROUND", STD_ROUND.xirName().orElseThrow());
        assertEquals("PY3_ROUND", HALF_EVEN.xirName().orElseThrow());
    }

    /** Halves, their float neighbours, and random values over several magnitudes. */
    private static float[] probeValues() {
        List<Float> v = new ArrayList<>();
        for (int k = -1200; k <= 1200; k++) {
            float half = k / 2.0f;
            v.add(half);
            v.add(Math.nextUp(half));
            v.add(Math.nextDown(half));
        }
        Random random = new Random(7);
        for (int i = 0; i < 20000; i++) {
            float scale = (float) Math.pow(10, random.nextInt(8) - 3);
            v.add((random.nextFloat() * 2 - 1) * scale);
        }
        v.add(Float.MAX_VALUE);
        v.add(-Float.MAX_VALUE);
        v.add(Float.MIN_VALUE);
        v.add(-Float.MIN_VALUE);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /**
     * shiftRound, integer division by 2^bits, against the scalar rule on the exact quotient (a
     * double, exact for these values) and against the interface's default form, on halves, values
     * beside them, negatives, and shifts past the 22 bits the default keeps.
     */
    @Test
    void shiftRoundIsTheScalarRuleOnTheExactQuotient() {
        Random random = new Random(7);
        List<long[]> cases = new ArrayList<>();
        for (int bits = 0; bits <= 30; bits++) {
            long half = bits == 0 ? 0 : 1L << (bits - 1);
            for (long q = -5; q <= 5; q++) {
                for (long delta : new long[] {-1, 0, 1}) {
                    cases.add(new long[] {(q << bits) + half + delta, bits});
                    cases.add(new long[] {(q << bits) + delta, bits});
                }
            }
            for (int i = 0; i < 200; i++) {
                cases.add(new long[] {random.nextInt(1 << 28) - (1 << 27), bits});
            }
        }
        for (RoundMode mode : ALL) {
            RoundMode byDefault = new RoundMode() {
                public String name() {
                    return "default-of-" + mode.name();
                }

                public String description() {
                    return "the interface's shiftRound over " + mode.name();
                }

                public float round(float x) {
                    return mode.round(x);
                }

                public NDArray round(NDArray x) {
                    return mode.round(x);
                }
            };
            for (long[] c : cases) {
                double quotient = c[0] / Math.pow(2, c[1]);
                long expected = (long) exactRule(mode, quotient);
                String what = mode.name() + " of " + c[0] + " >> " + c[1];
                assertEquals(expected, mode.shiftRound(c[0], (int) c[1]), what);
                assertEquals(expected, byDefault.shiftRound(c[0], (int) c[1]), what + " (default form)");
            }
        }
    }

    /** The rules of REFERENCE.md §3 on a double. */
    private static double exactRule(RoundMode mode, double x) {
        return switch (mode.name()) {
            case "half_even" -> Math.rint(x);
            case "half_up" -> Math.floor(x + 0.5);
            case "half_down" -> Math.copySign(Math.ceil(Math.abs(x) - 0.5), x);
            case "std_round" -> Math.copySign(Math.floor(Math.abs(x) + 0.5), x);
            case "floor" -> Math.floor(x);
            case "ceil" -> Math.ceil(x);
            default -> throw new IllegalArgumentException(mode.name());
        };
    }
}
