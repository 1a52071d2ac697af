package io.qforge.testkit;

import io.qforge.api.RoundMode;

/** The built-in {@code ceil} meets the round-mode contract. */
class CeilRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return Plugins.find(RoundMode.class, "ceil");
    }
}
