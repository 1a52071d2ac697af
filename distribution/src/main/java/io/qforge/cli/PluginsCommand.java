package io.qforge.cli;

import io.qforge.api.QforgePlugin;
import io.qforge.engine.plugin.DiscoveredPlugin;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qforge plugins}: every plugin by SPI type, with its name, origin and what it does. */
@Command(name = "plugins", description = "List the installed plugins by type, with where each came from.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PluginRegistry registry = root.startEngine().plugins();
        PrintWriter out = spec.commandLine().getOut();
        for (SpiType<?> type : SpiType.ALL) {
            List<DiscoveredPlugin<?>> plugins = registry.all(type);
            out.println(type.plural() + " (" + plugins.size() + "):");
            if (plugins.isEmpty()) {
                out.println("  none installed");
            }
            int width = plugins.stream().mapToInt(p -> label(p.plugin()).length()).max().orElse(0);
            for (DiscoveredPlugin<?> p : plugins) {
                String description = p.plugin().description();
                out.printf("  %-" + width + "s  %s%s%n", label(p.plugin()), p.origin(), description.isEmpty() ? "" : "  " + description);
            }
            out.println();
        }
        out.flush();
        return 0;
    }

    private static String label(QforgePlugin plugin) {
        TreeSet<String> aliases = new TreeSet<>(plugin.aliases());
        return aliases.isEmpty() ? plugin.name() : plugin.name() + " (" + String.join(", ", aliases) + ")";
    }
}
