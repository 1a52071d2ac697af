package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code mse} meets the calibrator contract of the plugin testkit. */
class MseCalibratorContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "mse");
    }
}
