package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code half_up} meets the round-mode contract. */
class HalfUpRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "half_up");
    }
}
