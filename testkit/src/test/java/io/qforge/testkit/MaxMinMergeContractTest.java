package io.qforge.testkit;

import io.qforge.api.Calibrator;

/** {@code maxmin}'s observers merge as the contract of distributed calibration asks, per-channel weights included. */
class MaxMinMergeContractTest extends MergeableObserverContract {

    @Override
    protected Calibrator calibrator() {
        return Plugins.find(Calibrator.class, "maxmin");
    }

    @Override
    protected boolean perChannelWeights() {
        return true;
    }
}
