package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code floor} meets the round-mode contract. */
class FloorRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "floor");
    }
}
