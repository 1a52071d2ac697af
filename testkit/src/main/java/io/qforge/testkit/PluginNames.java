package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.QforgePlugin;
import java.util.regex.Pattern;

/** The naming rule every plugin follows: its name is what configs write, so it is one lowercase config word. */
final class PluginNames {

    private static final Pattern CONFIG_WORD = Pattern.compile("[a-z][a-z0-9_-]*");

    private PluginNames() {}

    static void check(QforgePlugin plugin) {
        assertTrue(plugin.name() != null && CONFIG_WORD.matcher(plugin.name()).matches(),
                "name() must be a lowercase config word like 'kl-symmetric' ([a-z][a-z0-9_-]*), was '" + plugin.name() + "'");
        for (String alias : plugin.aliases()) {
            assertTrue(CONFIG_WORD.matcher(alias).matches(), "alias '" + alias + "' must be a lowercase config word");
        }
        assertTrue(plugin.description() != null, "description() may be empty but not null");
    }
}
