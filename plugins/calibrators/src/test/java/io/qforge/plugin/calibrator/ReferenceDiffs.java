package io.qforge.plugin.calibrator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * REFERENCE.md §3 written a second time, for tests only and independent of the plugins: rounding
 * by exact decimal arithmetic (BigDecimal), the fix position by an integer search, the squared
 * error in the plainest loop. Vitis AI computes step and 1 / step on float32 tensors, and so does
 * this.
 */
final class ReferenceDiffs {

    private ReferenceDiffs() {}

    /** Rounds {@code x} exactly as the named mode defines it. */
    static long round(float x, String mode) {
        BigDecimal d = new BigDecimal(x);
        RoundingMode m = switch (mode) {
            case "half_even" -> RoundingMode.HALF_EVEN;
            case "std_round" -> RoundingMode.HALF_UP; // halves away from zero
            case "half_down" -> RoundingMode.HALF_DOWN; // halves toward zero
            case "half_up" -> x < 0 ? RoundingMode.HALF_DOWN : RoundingMode.HALF_UP; // halves toward +inf
            case "floor" -> RoundingMode.FLOOR;
            case "ceil" -> RoundingMode.CEILING;
            default -> throw new IllegalArgumentException(mode);
        };
        return d.setScale(0, m).longValueExact();
    }

    static long qmin(int bits) {
        return -(1L << (bits - 1));
    }

    static long qmax(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /** fp0 = floor(log2(1 / step)), 18 for step <= FLT_MIN; signed, symmetric, not narrow. */
    static int firstFixPosition(float min, float max, int bits) {
        float step = Math.max(min / (float) (-Math.pow(2, bits - 1) - 0.5), max / (float) (Math.pow(2, bits - 1) - 0.5));
        if (step <= Float.MIN_NORMAL) {
            return 18;
        }
        float inverse = 1f / step;
        int fp = -200;
        while (Math.pow(2, fp + 1) <= inverse) {
            fp++;
        }
        return fp;
    }

    static int clamp(int fp, int bits) {
        return Math.min(fp, bits <= 8 ? 12 : 15);
    }

    /** The quantized integer of x at fix position fp. */
    static long quantize(float x, int fp, int bits, String mode) {
        float scaled = (float) (x * Math.pow(2, fp)); // exact: a power-of-two multiple of a float
        return Math.max(qmin(bits), Math.min(qmax(bits), round(scaled, mode)));
    }

    /** diffs on one set of values: the first strict minimum of the squared error over fp0..fp0+4. */
    static int diffs(float[] v, int bits, String mode) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int fp0 = firstFixPosition(min, max, bits);
        int best = clamp(fp0, bits);
        double bestError = Double.POSITIVE_INFINITY;
        for (int fp = fp0; fp <= fp0 + 4; fp++) {
            int f = clamp(fp, bits);
            double error = 0;
            for (float x : v) {
                double d = quantize(x, f, bits, mode) * Math.pow(2, -f) - x;
                error += d * d;
            }
            if (error < bestError) {
                bestError = error;
                best = f;
            }
        }
        return best;
    }
}
