package io.qforge.target.onnxruntime;

import io.qforge.api.TargetDevice;
import io.qforge.testkit.TargetDeviceContract;

/** onnxruntime-cpu meets the target contract of the plugin testkit. */
class OrtTargetContractTest extends TargetDeviceContract {

    @Override
    protected TargetDevice target() {
        return new OnnxRuntimeCpuTarget();
    }
}
