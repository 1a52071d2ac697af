package com.example.qforge.dpuround;

import io.qforge.api.RoundMode;
import io.qforge.testkit.RoundModeContract;

/** {@code dpu_round} meets the round-mode contract of the plugin testkit, including DPU_ROUND's semantics. */
class DpuRoundContractTest extends RoundModeContract {

    @Override
    protected RoundMode roundMode() {
        return new DpuRound();
    }
}
