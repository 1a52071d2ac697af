package io.qforge.engine.config;

import io.qforge.api.quant.TensorKind;

/**
 * The per-tensor defaults of each {@code target_device}.
 *
 * <p>DPU: Vitis AI's defaults (REFERENCE.md §2): int, 8 bits, diffs, power of two, symmetric,
 * per-tensor, signed, not narrow, modal; std_round for weights, bias and input, half_up for
 * activations. CPU and GPU (qforge's choice, written in docs/configuration.md): int, 8 bits,
 * maxmin, float scale, symmetric, per-tensor, signed, not narrow, max; half_even, which is what
 * ONNX QuantizeLinear does.
 */
public final class TargetDefaults {

    /** Vitis AI's default percentile. */
    public static final double PERCENTAGE = 99.99;

    private TargetDefaults() {}

    public static Object of(DeviceKind device, TensorKind kind, QuantParam param) {
        boolean dpu = device == DeviceKind.DPU;
        return switch (param) {
            case DATATYPE -> NumericType.INT;
            case BIT_WIDTH -> 8;
            case METHOD -> dpu ? "diffs" : "maxmin";
            case ROUND_MODE -> dpu ? (kind == TensorKind.ACTIVATION ? "half_up" : "std_round") : "half_even";
            case SYMMETRY, SIGNED -> true;
            case PER_CHANNEL, NARROW_RANGE -> false;
            case SCALE_TYPE -> dpu ? "power_of_two" : "float";
            case CALIB_STATISTIC_METHOD -> dpu ? StatisticMethod.MODAL : StatisticMethod.MAX;
            case PERCENTAGE -> PERCENTAGE;
        };
    }
}
