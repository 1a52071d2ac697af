package io.qforge.engine.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.qforge.api.QforgePlugin;
import io.qforge.engine.plugin.DiscoveredPlugin;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;

/**
 * Binds every discovered plugin into one {@code Map<String, SPI>} per SPI type, keyed by the
 * plugin's name, so that engine services can inject e.g. {@code Map<String, RoundMode>}. Names
 * are already unique (the registry checks that with both origins in the message), so Guice's own
 * duplicate-key check never fires.
 */
public final class PluginModule extends AbstractModule {

    private final PluginRegistry registry;

    public PluginModule(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(PluginRegistry.class).toInstance(registry);
        for (SpiType<?> spi : SpiType.ALL) {
            bindAll(spi);
        }
    }

    private <T extends QforgePlugin> void bindAll(SpiType<T> spi) {
        MapBinder<String, T> map = MapBinder.newMapBinder(binder(), String.class, spi.type());
        for (DiscoveredPlugin<?> p : registry.all(spi)) {
            map.addBinding(p.name()).toInstance(spi.type().cast(p.plugin()));
        }
    }
}
