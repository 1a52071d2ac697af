package io.qforge.engine.plugin;

import io.qforge.api.QforgePlugin;

/** A plugin instance with its SPI type and origin. */
public record DiscoveredPlugin<T extends QforgePlugin>(SpiType<T> spi, T plugin, PluginOrigin origin) {

    public String name() {
        return plugin.name();
    }

    /** "io.acme.MyCalibrator from plugins/acme.jar", for messages that must say where a plugin is. */
    public String describe() {
        return plugin.getClass().getName() + " from " + origin;
    }
}
