package io.qforge.api.rules;

import io.qforge.api.quant.ResolvedSpec;
import java.util.List;

/**
 * What a target does with one tensor's resolved spec: the spec it will use, and each setting it
 * had to change. With the target's {@code strict} option qforge refuses a spec that needs changes,
 * naming each one, instead of adjusting it.
 */
public record SpecAdjustment(ResolvedSpec accepted, List<SettingChange> changes) {

    public SpecAdjustment {
        changes = List.copyOf(changes);
    }

    public static SpecAdjustment unchanged(ResolvedSpec spec) {
        return new SpecAdjustment(spec, List.of());
    }
}
