package io.qforge.engine.config;

/** Vitis AI's {@code target_device}: which family of rules and defaults applies. */
public enum DeviceKind {
    DPU,
    CPU,
    GPU
}
