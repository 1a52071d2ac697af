package io.qforge.target.dpuczdx8g;

/**
 * The DPU's shifter limits on a conv-like layer (REFERENCE.md §3), written once: with the fix
 * positions of input, weights, bias and output, shift_cut = fp_w + fp_in - fp_out must lie in
 * [0, 16], and shift_bias = fp_w + fp_in - fp_bias in [min(0, -(24 - (8 + shift_cut))), 16].
 * {@link ShiftLimitsPass} moves fix positions until they hold; {@link ShiftCheck} refuses a model
 * that breaks them before export.
 */
final class ShiftLimits {

    /** The largest shift_cut and shift_bias the shifters take. */
    static final int MAX_SHIFT = 16;

    private ShiftLimits() {}

    static boolean cutInRange(int shiftCut) {
        return shiftCut >= 0 && shiftCut <= MAX_SHIFT;
    }

    /** The smallest shift_bias allowed beside {@code shiftCut}: the bias must fit the 24-bit accumulator after the shift. */
    static int lowestBias(int shiftCut) {
        return Math.min(0, -(24 - (8 + shiftCut)));
    }

    static boolean biasInRange(int shiftBias, int shiftCut) {
        return shiftBias >= lowestBias(shiftCut) && shiftBias <= MAX_SHIFT;
    }

    /** "[low, 16]", the range of shift_bias beside {@code shiftCut}, for messages. */
    static String biasRange(int shiftCut) {
        return "[" + lowestBias(shiftCut) + ", " + MAX_SHIFT + "]";
    }
}
