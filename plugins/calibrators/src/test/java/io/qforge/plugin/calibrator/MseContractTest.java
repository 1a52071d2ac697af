package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.testkit.CalibratorContract;

/** {@code mse} meets the calibrator contract of the plugin testkit. */
class MseContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new MseCalibrator();
    }
}
