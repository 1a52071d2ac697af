package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code half_down} meets the round-mode contract. */
class HalfDownRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "half_down");
    }
}
