package io.qforge.api.quant;

import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import java.util.Objects;

/**
 * What a calibrator needs to know about the tensor it observes: its name, resolved spec, and the
 * round mode and scale type plugins that spec names.
 *
 * @param tensorName the IR name of the tensor, for messages and reports
 * @param spec the resolved quant spec
 * @param roundMode the plugin named by {@code spec.roundMode()}
 * @param scaleType the plugin named by {@code spec.scaleType()}
 * @param modelInput whether this is a model input (diffs then uses its first candidate only)
 * @param accumulateHistograms whether a histogram method keeps one histogram over all calibration
 *     batches and picks one threshold at the end, instead of Vitis AI's threshold per batch
 *     combined by {@code calib_statistic_method}
 */
public record CalibrationTarget(
        String tensorName, QuantSpec spec, RoundMode roundMode, ScaleType scaleType, boolean modelInput, boolean accumulateHistograms) {

    public CalibrationTarget {
        Objects.requireNonNull(tensorName, "tensorName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(roundMode, "roundMode");
        Objects.requireNonNull(scaleType, "scaleType");
    }

    /** A target calibrated as Vitis AI does: histogram methods pick a threshold per batch. */
    public CalibrationTarget(String tensorName, QuantSpec spec, RoundMode roundMode, ScaleType scaleType, boolean modelInput) {
        this(tensorName, spec, roundMode, scaleType, modelInput, false);
    }
}
