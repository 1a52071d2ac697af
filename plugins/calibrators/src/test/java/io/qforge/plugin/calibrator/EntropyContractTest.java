package io.qforge.plugin.calibrator;

import io.qforge.api.Calibrator;
import io.qforge.testkit.CalibratorContract;

/** {@code entropy} meets the calibrator contract of the plugin testkit. */
class EntropyContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return new EntropyCalibrator();
    }
}
