package io.qforge.target.dpuczdx8g;

import io.qforge.api.TargetDevice;
import io.qforge.testkit.TargetDeviceContract;

/** DPUCZDX8G meets the target contract of the plugin testkit, on each of its presets. */
class DpuTargetContractTest extends TargetDeviceContract {

    @Override
    protected TargetDevice target() {
        return new Dpuczdx8gTarget();
    }
}
