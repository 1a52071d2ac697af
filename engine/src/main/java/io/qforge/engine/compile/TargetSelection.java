package io.qforge.engine.compile;

import io.qforge.api.InvalidInputException;
import io.qforge.api.TargetDevice;
import io.qforge.api.context.PluginContext;
import io.qforge.api.target.TargetOptions;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;

/** The run's target plugin and its options; a run without a {@code target} section is bad input for the stages that need one. */
public record TargetSelection(TargetDevice device, TargetOptions options) {

    public static TargetSelection of(RunConfig run, PluginRegistry plugins, PluginContext context, String verb) {
        if (run.target() == null) {
            throw new InvalidInputException("$.target", verb + " needs a target, \"target\": {\"type\": NAME, and the target's options}. "
                    + "Known targets: " + plugins.knownList(SpiType.TARGET));
        }
        return new TargetSelection(plugins.get(SpiType.TARGET, run.target().type(), "$.target.type"),
                new TargetOptions(run.target().options(), context));
    }
}
