package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.api.quant.QuantSpec;
import java.util.List;

/** The mse calibrator against {@link ReferenceMse}, under every round mode a tensor may have. */
class MseReferenceTest extends HistogramReferenceTest {

    @Override
    Calibrator calibrator() {
        return new MseCalibrator();
    }

    @Override
    double referenceThreshold(float[] batch, QuantSpec spec) {
        return ReferenceMse.threshold(batch, spec.bitWidth(), spec.roundMode(), spec.scaleType().equals(CalibratorTestSupport.POWER_OF_TWO.name()));
    }

    @Override
    List<String> roundModes() {
        return List.of("half_even", "half_up", "half_down", "std_round");
    }
}
