package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code half_even} meets the round-mode contract. */
class HalfEvenRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "half_even");
    }
}
