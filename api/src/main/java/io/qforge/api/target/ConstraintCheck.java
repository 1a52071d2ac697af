package io.qforge.api.target;

import io.qforge.api.quant.QuantSpec;
import java.util.List;

/**
 * The outcome of applying a target's rules to a requested spec.
 *
 * @param accepted the spec the target will use
 * @param changes one human-readable line per setting the target changed, e.g. {@code
 *     "per_channel true -> false: the DPU quantizes per tensor"}; empty when nothing changed
 * @deprecated the result of the deprecated {@link QuantConstraints}; targets now return a
 *     {@link io.qforge.api.rules.SpecAdjustment}.
 */
@Deprecated
public record ConstraintCheck(QuantSpec accepted, List<String> changes) {

    public ConstraintCheck {
        changes = List.copyOf(changes);
    }

    /** Adds "key asked -> needed: why" to {@code changes} when {@code asked} is not what the target needs. */
    public static void noteChange(List<String> changes, String key, Object asked, Object needed, String why) {
        if (!asked.equals(needed)) {
            changes.add(key + " " + asked + " -> " + needed + ": " + why);
        }
    }
}
