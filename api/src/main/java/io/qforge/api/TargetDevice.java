package io.qforge.api;

import io.qforge.api.graph.Graph;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantConstraints;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A hardware target: what it can run, the quantization it requires, and how to compile for it.
 * The target owns every rule that is its own: defaults, legal settings, adjustments of calibrated
 * params, rounding (through the {@link RoundMode} objects it receives) and export.
 *
 * <p>Example: the config {@code {"type": "DPUCZDX8G", "preset": "KV260"}} selects the target
 * named {@code dpuczdx8g} with options {@code preset=KV260}.
 */
public interface TargetDevice extends QforgePlugin {

    /** The values of Vitis AI's {@code target_device}, in its spelling. */
    List<String> VITIS_DEVICES = List.of("DPU", "CPU", "GPU");

    /** Vitis AI's target_device when a config does not say: its rules apply when nothing else decides. */
    String VITIS_DEFAULT_DEVICE = "DPU";

    /** Named configurations of the device, e.g. KV260, ZCU102. Empty when there are none. */
    default List<String> presets() {
        return List.of();
    }

    /**
     * The values of Vitis AI's {@code target_device} (DPU, CPU or GPU) whose defaults and rules this
     * target supplies: a bare {@code int8_config.json} with {@code "target_device": "DPU"} is checked
     * by the target that claims DPU. At most one installed target claims each value; values come from
     * {@link #VITIS_DEVICES}.
     */
    default Set<String> vitisTargetDevices() {
        return Set.of();
    }

    /**
     * The target's quantization contract for these options. The default adapts {@link
     * #constraints}, so targets written before this method keep working, without defaults of their
     * own.
     */
    default QuantizationRules quantizationRules(TargetOptions options) {
        return new ConstraintsAsRules(constraints(options), options.context().plugins());
    }

    /**
     * The quantization rules the target imposes on every tensor's spec, in names.
     *
     * @deprecated implement {@link #quantizationRules} instead, which also gives defaults, config
     *     rules and params passes, and works with plugin objects.
     */
    @Deprecated
    default QuantConstraints constraints(TargetOptions options) {
        return QuantConstraints.none();
    }

    /** Where each node of {@code graph} would run, and why. Runs before quantization too. */
    InspectionReport inspect(Graph graph, TargetOptions options);

    /** Writes the target's artifacts into {@code outDir}. */
    CompiledArtifacts compile(QuantizedModel model, Path outDir, TargetOptions options)
            throws IOException;

    /**
     * The target's integer arithmetic on the host, when it has a bit-exact model of it; empty
     * when it does not.
     */
    default Optional<IntegerModel> integerModel(QuantizedModel model, TargetOptions options) {
        return Optional.empty();
    }

    /** The expected performance of {@code graph} on the target. */
    PerformanceEstimate estimate(Graph graph, TargetOptions options);
}
