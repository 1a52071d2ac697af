package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code maxmin} meets the calibrator contract of the plugin testkit. */
class MaxMinCalibratorContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "maxmin");
    }
}
