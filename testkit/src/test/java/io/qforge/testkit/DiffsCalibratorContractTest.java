package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code diffs} meets the calibrator contract of the plugin testkit. */
class DiffsCalibratorContractTest extends CalibratorContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "diffs");
    }
}
