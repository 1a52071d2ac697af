package io.qforge.api.rules;

import io.qforge.api.target.QuantizedModel;

/**
 * A pass of a target's own over calibrated params, run after calibration and again after bias
 * correction (or, when {@link #beforeBiasCorrection()} says no, once, after it): for example the
 * DPU's shifter limits, which move fix positions until every layer's shifts are in range. It must
 * be idempotent: run on its own output it changes nothing. A target whose options say
 * {@code strict} throws {@link io.qforge.api.InvalidInputException} instead of making a change the
 * user did not ask for.
 */
public interface ParamsAdjustment {

    /** Names the pass in logs and reports, e.g. {@code dpu-shift-limits}. */
    String name();

    /** The model's params after the pass, and one line per change. */
    AdjustedParams apply(QuantizedModel model);

    /**
     * Whether bias correction should see this pass's params: true (the default) runs it right after
     * calibration as well, so that bias correction measures the model the hardware will run, as the
     * DPU's fix positions must be; false runs it only once, on the final params, which suits a pass
     * that only puts values on an export grid.
     */
    default boolean beforeBiasCorrection() {
        return true;
    }
}
