package io.qforge.api;

import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.TensorObserver;

/**
 * A calibration method such as {@code diffs} or {@code entropy}. It creates one streaming
 * observer per tensor; observers keep statistics, never activations.
 *
 * <p>Example: {@code calibrator.newObserver(target)} then {@code observe(batch)} for each
 * calibration batch, then {@code result()}.
 */
public interface Calibrator extends QforgePlugin {

    /** A fresh observer for one tensor. */
    TensorObserver newObserver(CalibrationTarget target);
}
