package io.qforge.engine.plugin;

import io.qforge.api.QforgePlugin;
import io.qforge.api.context.PluginCatalog;
import java.util.List;
import java.util.Optional;

/** The registry as plugins see it: installed plugins by SPI interface. */
final class InstalledPlugins implements PluginCatalog {

    private final PluginRegistry registry;

    InstalledPlugins(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T extends QforgePlugin> List<T> all(Class<T> spi) {
        SpiType<T> type = SpiType.of(spi);
        return registry.all(type).stream().map(p -> spi.cast(p.plugin())).toList();
    }

    @Override
    public <T extends QforgePlugin> Optional<T> find(Class<T> spi, String name) {
        return registry.find(SpiType.of(spi), name);
    }
}
