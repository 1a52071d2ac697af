package io.qforge.api.context;

import io.qforge.api.QforgePlugin;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The installed plugins of each SPI type, as a plugin sees them: to pick another plugin by name
 * or by what it does. A target that needs a round mode whose XIR name is {@code DPU_ROUND}, for
 * example, takes one from {@code all(RoundMode.class)} rather than naming a built-in plugin.
 */
public interface PluginCatalog {

    /** The installed plugins of {@code spi}, sorted by name. */
    <T extends QforgePlugin> List<T> all(Class<T> spi);

    /** The plugin of {@code spi} with this name or alias, ignoring case. */
    default <T extends QforgePlugin> Optional<T> find(Class<T> spi, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return all(spi).stream()
                .filter(p -> p.name().equals(wanted) || p.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted)))
                .findFirst();
    }

    /**
     * The installed plugin of {@code spi} that {@code fits}: the one named {@code preferred} when it
     * fits, else the first that fits by name; empty when none does. A target that needs another round
     * mode uses it to pick one whose XIR name is the hardware's.
     */
    default <T extends QforgePlugin> Optional<T> choose(Class<T> spi, String preferred, Predicate<T> fits) {
        return find(spi, preferred).filter(fits).or(() -> all(spi).stream().filter(fits).findFirst());
    }

    /** The names of the installed plugins of {@code spi} that {@code fit}, comma-separated, for "Allowed:" in messages. */
    default <T extends QforgePlugin> String names(Class<T> spi, Predicate<T> fit) {
        List<String> names = all(spi).stream().filter(fit).map(QforgePlugin::name).toList();
        return names.isEmpty() ? "none installed" : String.join(", ", names);
    }
}
