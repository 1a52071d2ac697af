package io.qforge.engine.rules;

import io.qforge.api.TargetDevice;
import io.qforge.api.context.PluginContext;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.TargetOptions;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the target whose rules apply. A quantization config takes its defaults and config rules
 * from, in order: the target that claims its {@code target_device}; else the run's target, when
 * that target has defaults of its own; else the target that claims DPU, Vitis AI's default
 * target_device. Every tensor is then adjusted by the run's target, or by that same target when
 * the run has none.
 */
public final class TargetRulesFinder {

    private final PluginRegistry plugins;
    private final PluginContext context;

    @Inject
    public TargetRulesFinder(PluginRegistry plugins, PluginContext context) {
        this.plugins = plugins;
        this.context = context;
    }

    /** The rules of a run's target {@code type} with its {@code options}. */
    public TargetRules of(String type, Map<String, Object> options) {
        return rules(plugins.get(SpiType.TARGET, type, "$.target.type"), options);
    }

    /**
     * The rules a quantization config's defaults and checks come from; empty when no installed
     * target claims the device they must come from.
     *
     * @param targetDevice the config's target_device, or null
     * @param runTarget the run's target type, or null
     * @param runOptions the run's target options
     */
    public Optional<TargetRules> forConfig(String targetDevice, String runTarget, Map<String, Object> runOptions) {
        if (targetDevice == null && runTarget != null) {
            TargetRules run = of(runTarget, runOptions);
            if (run.hasDefaults()) {
                return Optional.of(run);
            }
        }
        String device = targetDevice != null ? targetDevice : TargetDevice.VITIS_DEFAULT_DEVICE;
        return plugins.vitisTarget(device).map(t -> rules(t, isRunTarget(t, runTarget) ? runOptions : Map.of()));
    }

    private boolean isRunTarget(TargetDevice device, String runTarget) {
        return runTarget != null && plugins.canonicalName(SpiType.TARGET, runTarget).map(device.name()::equals).orElse(false);
    }

    private TargetRules rules(TargetDevice device, Map<String, Object> values) {
        TargetOptions options = new TargetOptions(values, context);
        String origin = plugins.discovered(SpiType.TARGET, device.name()).origin().toString();
        QuantizationRules rules = GuardedRules.call(device.name(), origin, "making its quantization rules", () -> device.quantizationRules(options));
        return new TargetRules(device, options, new GuardedRules(rules, device.name(), origin));
    }
}
