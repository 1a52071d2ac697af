package io.qforge.api;

import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import java.util.List;

/**
 * Turns an observed range into quantization parameters for one tensor (or one channel).
 *
 * <p>Example: {@code power_of_two} turns the range [-1.0, 0.9] at 8 bits into fix position 7,
 * that is scale 2^-7.
 */
public interface ScaleType extends QforgePlugin {

    /** The parameters that cover {@code range} under {@code spec}. */
    QuantParams fromRange(Range range, QuantSpec spec);

    /**
     * The candidate parameters a search-based calibrator (diffs, mse, entropy) tries for a
     * tensor whose observed range is {@code range}, in the order they should be tried.
     */
    List<QuantParams> candidates(Range range, QuantSpec spec);

    /**
     * Whether every params this scale type makes are powers of two (fix positions), as hardware
     * that shifts instead of multiplying needs: the DPU keeps a scale type that says so.
     */
    default boolean powerOfTwo() {
        return false;
    }
}
