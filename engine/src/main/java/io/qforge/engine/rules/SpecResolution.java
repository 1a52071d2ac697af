package io.qforge.engine.rules;

import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;

/**
 * The engine's one way from a spec's plugin names to the plugin objects: after this, quantization
 * and targets work with the {@link ResolvedSpec}'s objects, never with the names.
 */
public final class SpecResolution {

    private final PluginRegistry plugins;

    @Inject
    public SpecResolution(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** The spec with its plugins; {@code at} says where the names were written, for the error when one is not installed. */
    public ResolvedSpec resolve(QuantSpec spec, String at) {
        Calibrator calibrator = plugins.get(SpiType.CALIBRATOR, spec.method(), at + ".method");
        RoundMode roundMode = plugins.get(SpiType.ROUND_MODE, spec.roundMode(), at + ".round_mode");
        ScaleType scaleType = plugins.get(SpiType.SCALE_TYPE, spec.scaleType(), at + ".scale_type");
        return new ResolvedSpec(spec.withMethod(calibrator.name()).withRoundMode(roundMode.name()).withScaleType(scaleType.name()),
                calibrator, roundMode, scaleType);
    }
}
