package io.qforge.api;

import io.qforge.api.context.PluginCatalog;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.target.ConstraintCheck;
import io.qforge.api.target.QuantConstraints;
import java.util.List;
import java.util.Optional;

/**
 * The quantization rules of a target that only implements the deprecated {@link
 * TargetDevice#constraints}: no defaults or config rules of its own, and its name-based
 * adjustment resolved to the installed plugins.
 */
@SuppressWarnings("deprecation")
final class ConstraintsAsRules implements QuantizationRules {

    private final QuantConstraints constraints;
    private final PluginCatalog plugins;

    ConstraintsAsRules(QuantConstraints constraints, PluginCatalog plugins) {
        this.constraints = constraints;
        this.plugins = plugins;
    }

    @Override
    public Optional<QuantSpec> defaults(TensorKind kind) {
        return Optional.empty();
    }

    @Override
    public SpecAdjustment adjust(ResolvedSpec requested) {
        ConstraintCheck check = constraints.apply(requested.spec());
        QuantSpec s = check.accepted();
        ResolvedSpec accepted = new ResolvedSpec(s, plugin(Calibrator.class, s.method()), plugin(RoundMode.class, s.roundMode()),
                plugin(ScaleType.class, s.scaleType()));
        List<SettingChange> changes = check.changes().stream().map(line -> new SettingChange(null, "", "", line, "")).toList();
        return new SpecAdjustment(accepted, changes);
    }

    private <T extends QforgePlugin> T plugin(Class<T> spi, String name) {
        return plugins.find(spi, name).orElseThrow(() -> new InvalidInputException("$.quantization", "the target asks for the "
                + spi.getSimpleName() + " '" + name + "', which is not installed"));
    }
}
