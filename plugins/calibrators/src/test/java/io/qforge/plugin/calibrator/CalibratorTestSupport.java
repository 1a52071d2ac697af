package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import io.qforge.plugin.roundmode.CeilRound;
import io.qforge.plugin.roundmode.FloorRound;
import io.qforge.plugin.roundmode.HalfDownRound;
import io.qforge.plugin.roundmode.HalfEvenRound;
import io.qforge.plugin.roundmode.HalfUpRound;
import io.qforge.plugin.roundmode.StdRound;
import io.qforge.plugin.scaletype.FloatScale;
import io.qforge.plugin.scaletype.PowerOfTwoScale;
import java.util.List;
import java.util.Map;

/** Builds calibration targets with the real round-mode and scale-type plugins. */
final class CalibratorTestSupport {

    static final Map<String, RoundMode> ROUND_MODES = Map.of(
            "half_even", new HalfEvenRound(), "half_up", new HalfUpRound(), "half_down", new HalfDownRound(),
            "std_round", new StdRound(), "floor", new FloorRound(), "ceil", new CeilRound());
    static final ScaleType POWER_OF_TWO = new PowerOfTwoScale();
    static final ScaleType FLOAT = new FloatScale();

    private CalibratorTestSupport() {}

    static CalibrationTarget target(TensorKind kind, int bits, String method, String round, ScaleType scale, boolean perChannel,
            boolean signed, String statistic, boolean modelInput) {
        QuantSpec spec = new QuantSpec(kind, bits, method, round, scale.name(), true, perChannel, signed, false, statistic, 99.99);
        return new CalibrationTarget("t", spec, ROUND_MODES.get(round), scale, modelInput);
    }

    /** Feeds {@code batches} one at a time, each as its own array closed right after, and returns the result. */
    static QuantParams calibrate(io.qforge.api.Calibrator calibrator, CalibrationTarget target, NDManager manager, List<float[]> batches,
            long[] shape) {
        TensorObserver observer = calibrator.newObserver(target);
        for (float[] b : batches) {
            try (NDArray a = manager.create(b, shape == null ? new ai.djl.ndarray.types.Shape(b.length) : new ai.djl.ndarray.types.Shape(shape))) {
                observer.observe(a);
            }
        }
        return observer.result();
    }
}
