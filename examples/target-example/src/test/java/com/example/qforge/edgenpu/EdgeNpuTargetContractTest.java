package com.example.qforge.edgenpu;

import io.qforge.api.TargetDevice;
import io.qforge.testkit.TargetDeviceContract;

/** edge-npu meets qforge's target contract: inspection, estimate, rules, passes and deterministic compiling. */
class EdgeNpuTargetContractTest extends TargetDeviceContract {

    @Override
    protected TargetDevice target() {
        return new EdgeNpuTarget();
    }
}
