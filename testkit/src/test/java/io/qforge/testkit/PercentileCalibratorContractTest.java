package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code percentile} meets the calibrator contract of the plugin testkit. */
class PercentileCalibratorContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "percentile");
    }
}
