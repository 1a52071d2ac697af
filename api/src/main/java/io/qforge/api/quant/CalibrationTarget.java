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
 */
public record CalibrationTarget(
        String tensorName, QuantSpec spec, RoundMode roundMode, ScaleType scaleType, boolean modelInput) {

    public CalibrationTarget {
        Objects.requireNonNull(tensorName, "tensorName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(roundMode, "roundMode");
        Objects.requireNonNull(scaleType, "scaleType");
    }
}
