package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code std_round} meets the round-mode contract. */
class StdRoundRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "std_round");
    }
}
