package io.qforge.api;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * Rounds real values to integers, in a scalar and a tensor form that must agree bit for bit.
 *
 * <p>Example: {@code half_up} maps 2.5 to 3 and -2.5 to -2, and 0.49999997f to 0 (the shortcut
 * {@code floor(x + 0.5f)} in float32 wrongly gives 1 there).
 */
public interface RoundMode extends QforgePlugin {

    /** Rounds one value; NaN and infinities pass through. */
    float round(float x);

    /** Rounds every element of {@code x}; returns a new float32 array of the same shape. */
    NDArray round(NDArray x);

    /**
     * {@code value / 2^bits} rounded by this mode, exactly, for {@code bits} in [0, 62]: how
     * integer hardware rounds when it shifts an accumulator down. Built-in modes answer in integer
     * arithmetic. This default keeps the floor of the quotient apart and rounds only a small
     * stand-in with the same sign, the same parity and the same position against the halves (22
     * fraction bits and a sticky bit for the rest) with {@link #round(float)}, where it is exact;
     * so it is right for any mode that depends on those alone, as rounding modes do.
     */
    default long shiftRound(long value, int bits) {
        if (bits < 0 || bits > 62) {
            throw new IllegalArgumentException("bits " + bits + " is outside [0, 62]");
        }
        if (bits == 0) {
            return value;
        }
        long floor = value >> bits;
        long remainder = value - (floor << bits);
        int kept = Math.min(bits, 22);
        long fraction = remainder >> (bits - kept);
        if ((fraction << (bits - kept)) != remainder) {
            fraction |= 1; // sticky: below the kept bits, not zero
        }
        long standIn = (floor & 1) - (floor < 0 ? 2 : 0);
        float small = standIn + (float) fraction / (1 << kept);
        return floor - standIn + (long) round(small);
    }

    /**
     * Whether {@link #round(float)} is constant on every open interval between consecutive
     * multiples of 1/2, as every built-in mode is (they step at integers or at halves). When true,
     * a calibrator may round one representative per interval instead of every value; a mode that
     * looks at finer fraction bits must leave this false (the default).
     */
    default boolean stepsOnlyAtHalves() {
        return false;
    }

    /** The XIR {@code round_mode} attribute for this mode, when XIR has one (e.g. DPU_ROUND). */
    default Optional<String> xirName() {
        return Optional.empty();
    }
}
