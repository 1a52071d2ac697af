package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code mse}'s observers merge as the contract of distributed calibration asks. */
class MseMergeContractTest extends MergeableObserverContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "mse");
    }
}
