package io.qforge.engine.config;

import static io.qforge.engine.config.QuantParam.BIT_WIDTH;
import static io.qforge.engine.config.QuantParam.CALIB_STATISTIC_METHOD;
import static io.qforge.engine.config.QuantParam.DATATYPE;
import static io.qforge.engine.config.QuantParam.METHOD;
import static io.qforge.engine.config.QuantParam.NARROW_RANGE;
import static io.qforge.engine.config.QuantParam.PER_CHANNEL;
import static io.qforge.engine.config.QuantParam.SCALE_TYPE;
import static io.qforge.engine.config.QuantParam.SIGNED;
import static io.qforge.engine.config.QuantParam.SYMMETRY;

import io.qforge.api.quant.TensorKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules each {@code target_device} puts on resolved per-tensor parameters (REFERENCE.md §2,
 * "DPU rules" and "CPU/GPU rules"). Each broken rule is reported at the path that set the
 * offending value, with what would be accepted.
 */
final class VitisRules {

    private static final Set<String> DPU_METHODS = Set.of("diffs", "maxmin");
    private static final Set<String> HISTOGRAM_METHODS = Set.of("percentile", "entropy", "mse");
    private static final String POWER_OF_TWO = "power_of_two";

    private VitisRules() {}

    /** Checks one kind's resolved parameters against the rules of {@code device}. */
    static void check(ResolvedTensorConfig r, DeviceKind device, Problems problems) {
        if (device == DeviceKind.DPU) {
            checkDpu(r, problems);
        } else {
            checkCpuGpu(r, device, problems);
        }
    }

    /** The DPU's rule across kinds: activations and bias share one bit width. */
    static void checkDpuBitWidths(ResolvedTensorConfig activation, ResolvedTensorConfig bias, Problems problems) {
        if (activation.bitWidth() != bias.bitWidth()) {
            ResolvedTensorConfig blamed = bias.get(BIT_WIDTH).isDefault() ? activation : bias;
            problems.add(blamed.pathOf(BIT_WIDTH), "target_device DPU needs the same bit_width for activation and bias, but activation has "
                    + activation.bitWidth() + " and bias has " + bias.bitWidth() + ". Allowed: equal bit widths");
        }
    }

    private static void checkDpu(ResolvedTensorConfig r, Problems p) {
        TensorKind kind = r.kind();
        if (r.value(DATATYPE) != NumericType.INT) {
            p.add(r.pathOf(DATATYPE), "datatype '" + name(r.value(DATATYPE)) + "' is not allowed for target_device DPU, which computes in integers. Allowed: int", kind);
            return;
        }
        requireFlag(r, SYMMETRY, true, "target_device DPU quantizes symmetrically", p);
        requireFlag(r, PER_CHANNEL, false, "target_device DPU quantizes per tensor", p);
        requireFlag(r, NARROW_RANGE, false, "target_device DPU uses the full signed range", p);
        if (!POWER_OF_TWO.equals(r.text(SCALE_TYPE))) {
            p.add(r.pathOf(SCALE_TYPE), "scale_type '" + r.text(SCALE_TYPE) + "' is not allowed for target_device DPU, which shifts by powers of two. Allowed: power_of_two (or poweroftwo)", kind);
        }
        if (!DPU_METHODS.contains(r.text(METHOD))) {
            p.add(r.pathOf(METHOD), "method '" + r.text(METHOD) + "' is not allowed for target_device DPU. Allowed: diffs, maxmin", kind);
        }
        if (r.value(CALIB_STATISTIC_METHOD) != StatisticMethod.MODAL) {
            p.add(r.pathOf(CALIB_STATISTIC_METHOD), "calib_statistic_method '" + name(r.value(CALIB_STATISTIC_METHOD)) + "' is not allowed for target_device DPU. Allowed: modal", kind);
        }
    }

    private static void checkCpuGpu(ResolvedTensorConfig r, DeviceKind device, Problems p) {
        if (r.value(DATATYPE) != NumericType.INT) {
            return; // float datatypes have no integer grid to constrain
        }
        TensorKind kind = r.kind();
        String target = "target_device " + device;
        String method = r.text(METHOD);
        boolean perChannel = r.flag(PER_CHANNEL);
        if (perChannel && kind != TensorKind.WEIGHTS) {
            p.add(r.pathOf(PER_CHANNEL), "per_channel true is allowed for weights only on " + target
                    + ". Set it under tensor_quantize_config.weights instead", kind);
        }
        if (perChannel && !POWER_OF_TWO.equals(r.text(SCALE_TYPE)) && !"maxmin".equals(method)) {
            p.add(blame(r, METHOD, PER_CHANNEL), "per-channel quantization with a float scale allows method maxmin only on "
                    + target + ", not '" + method + "'. Allowed: maxmin", kind);
        }
        if (!r.flag(SYMMETRY) && HISTOGRAM_METHODS.contains(method)) {
            p.add(blame(r, METHOD, SYMMETRY), "asymmetric quantization (symmetry false) cannot use method '" + method
                    + "' on " + target + ". Allowed with symmetry false: maxmin, diffs", kind);
        }
        if (POWER_OF_TWO.equals(r.text(SCALE_TYPE))) {
            if (!DPU_METHODS.contains(method)) {
                p.add(blame(r, METHOD, SCALE_TYPE), "scale_type power_of_two allows method diffs or maxmin only, not '" + method + "'", kind);
            }
            requireFlag(r, SIGNED, true, "scale_type power_of_two is signed only", p);
            if (r.value(CALIB_STATISTIC_METHOD) != StatisticMethod.MODAL) {
                p.add(blame(r, CALIB_STATISTIC_METHOD, SCALE_TYPE), "scale_type power_of_two allows calib_statistic_method modal only, not '"
                        + name(r.value(CALIB_STATISTIC_METHOD)) + "'", kind);
            }
        }
    }

    private static void requireFlag(ResolvedTensorConfig r, QuantParam param, boolean required, String why, Problems p) {
        if (r.flag(param) != required) {
            p.add(r.pathOf(param), param.key() + " " + r.flag(param) + " is not allowed: " + why + ". Allowed: " + required, r.kind());
        }
    }

    /** The path of the first of {@code params} that the user set, so that the message points at a line they wrote. */
    private static String blame(ResolvedTensorConfig r, QuantParam... params) {
        for (QuantParam param : List.of(params)) {
            if (!r.get(param).isDefault()) {
                return r.pathOf(param);
            }
        }
        return r.pathOf(params[0]);
    }

    private static String name(Object enumValue) {
        return enumValue instanceof StatisticMethod s ? s.configName() : enumValue.toString().toLowerCase(Locale.ROOT);
    }
}
