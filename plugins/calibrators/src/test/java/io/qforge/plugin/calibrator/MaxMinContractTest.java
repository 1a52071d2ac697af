package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.testkit.CalibratorContract;

/** {@code maxmin} meets the calibrator contract of the plugin testkit. */
class MaxMinContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new MaxMinCalibrator();
    }
}
