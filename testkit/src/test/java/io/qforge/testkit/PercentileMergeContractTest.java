package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code percentile}'s observers merge as the contract of distributed calibration asks. */
class PercentileMergeContractTest extends MergeableObserverContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "percentile");
    }
}
