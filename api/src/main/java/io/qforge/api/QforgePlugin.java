package io.qforge.api;

import java.util.Set;

/**
 * What every plugin has: one lowercase name that is at once the config value, the Guice map key,
 * the name {@code qforge plugins} prints, and the name in report.json.
 *
 * <p>Example: a round mode whose {@code name()} is {@code "half_up"} is selected in a quantization
 * config with {@code "round_mode": "half_up"}.
 */
public interface QforgePlugin {

    /** The plugin's unique name within its SPI type: lowercase letters, digits, '_' and '-'. */
    String name();

    /**
     * Other spellings accepted in configs, for example Vitis AI's {@code poweroftwo} for {@code
     * power_of_two}. Aliases share the name space of names: no alias may equal another plugin's
     * name or alias.
     */
    default Set<String> aliases() {
        return Set.of();
    }

    /** One line for {@code qforge plugins}. */
    default String description() {
        return "";
    }
}
