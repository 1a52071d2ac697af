package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.testkit.CalibratorContract;

/** {@code diffs} meets the calibrator contract of the plugin testkit. */
class DiffsContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new DiffsCalibrator();
    }
}
