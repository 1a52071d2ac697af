package io.qforge.engine.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.qforge.api.QforgePlugin;
import io.qforge.api.context.PluginContext;
import io.qforge.engine.QforgeSettings;
import io.qforge.engine.plugin.DiscoveredPlugin;
import io.qforge.engine.plugin.EnginePluginContext;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;

/**
 * Binds the registry, the settings, the context handed to plugins, and every discovered plugin into one {@code Map<String, SPI>} per SPI type, keyed by the
 * plugin's name, so that engine services can inject e.g. {@code Map<String, RoundMode>}. Names
 * are already unique (the registry checks that with both origins in the message), so Guice's own
 * duplicate-key check never fires.
 */
public final class PluginModule extends AbstractModule {

    private final PluginRegistry registry;
    private final QforgeSettings settings;

    public PluginModule(PluginRegistry registry, QforgeSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(PluginRegistry.class).toInstance(registry);
        bind(QforgeSettings.class).toInstance(settings);
        bind(PluginContext.class).toInstance(new EnginePluginContext(settings, registry));
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
