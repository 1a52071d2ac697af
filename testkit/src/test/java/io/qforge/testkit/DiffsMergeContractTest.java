package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code diffs}'s observers merge as the contract of distributed calibration asks, per-channel weights included. */
class DiffsMergeContractTest extends MergeableObserverContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "diffs");
    }

    @Override
    protected boolean perChannelWeights() {
        return true;
    }
}
