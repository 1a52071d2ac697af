package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code entropy}'s observers merge as the contract of distributed calibration asks. */
class EntropyMergeContractTest extends MergeableObserverContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "entropy");
    }
}
