package io.qforge.api.rules;

import io.qforge.api.quant.QuantSetting;
import java.util.List;
import java.util.Objects;

/**
 * One setting a target changed in a tensor's resolved spec, and why.
 *
 * @param setting the setting, or null for a change a legacy {@code QuantConstraints} described in words only
 * @param from the value asked for
 * @param to the value the target uses
 * @param why the hardware's reason, e.g. "the DPU quantizes per tensor"
 * @param allowed what the target accepts, e.g. "round modes whose XIR name is DPU_ROUND: half_up"
 */
public record SettingChange(QuantSetting setting, String from, String to, String why, String allowed) {

    public SettingChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(allowed, "allowed");
    }

    /** Adds a change to {@code changes} when {@code asked} is not {@code needed}. */
    public static void note(List<SettingChange> changes, QuantSetting setting, Object asked, Object needed, String why, String allowed) {
        if (!asked.equals(needed)) {
            changes.add(new SettingChange(setting, asked.toString(), needed.toString(), why, allowed));
        }
    }

    /** "round_mode half_even -> half_up: why", the line the report and the log show. */
    public String describe() {
        return setting == null ? why : setting.key() + " " + from + " -> " + to + ": " + why;
    }
}
