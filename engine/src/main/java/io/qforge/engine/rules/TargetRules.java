package io.qforge.engine.rules;

import io.qforge.api.TargetDevice;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.TargetOptions;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One target's quantization rules as the engine applies them: the target, its options, and its
 * rules, every call guarded so that a failing plugin is named with its jar.
 *
 * @param target the target plugin
 * @param options its options (empty for the target a bare config's target_device names)
 * @param rules its rules, guarded
 */
public record TargetRules(TargetDevice target, TargetOptions options, QuantizationRules rules) {

    public String name() {
        return target.name();
    }

    /** Whether the target gives defaults of its own (targets written before the rules SPI do not). */
    public boolean hasDefaults() {
        return rules.defaults(TensorKind.WEIGHTS).isPresent();
    }

    /** The target's default spec of every kind. */
    public Map<TensorKind, QuantSpec> defaults() {
        Map<TensorKind, QuantSpec> out = new EnumMap<>(TensorKind.class);
        for (TensorKind kind : TensorKind.values()) {
            out.put(kind, rules.defaults(kind).orElseThrow(() -> new IllegalStateException("target " + name() + " has no defaults")));
        }
        return out;
    }

    /** The Vitis AI target_device values this target claims, for messages and printing. */
    public String claimed() {
        return String.join(", ", new TreeSet<>(target.vitisTargetDevices()));
    }
}
