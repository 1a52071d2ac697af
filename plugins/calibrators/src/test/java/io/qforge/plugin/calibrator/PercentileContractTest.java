package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.testkit.CalibratorContract;

/** {@code percentile} meets the calibrator contract of the plugin testkit. */
class PercentileContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new PercentileCalibrator();
    }
}
