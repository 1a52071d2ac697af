package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code entropy} meets the calibrator contract of the plugin testkit. */
class EntropyCalibratorContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "entropy");
    }
}
