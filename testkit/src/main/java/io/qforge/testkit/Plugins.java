package io.qforge.testkit;

import io.qforge.api.QforgePlugin;
import java.util.ServiceLoader;

/** Finds plugins on the test class path the way qforge does, with {@link ServiceLoader}. */
final class Plugins {

    private Plugins() {}

    /** The plugin of {@code type} named {@code name}; the built-in round modes and scale types come with the testkit. */
    static <T extends QforgePlugin> T find(Class<T> type, String name) {
        for (T plugin : ServiceLoader.load(type, Plugins.class.getClassLoader())) {
            if (plugin.name().equals(name)) {
                return plugin;
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " named " + name + " on the class path; the testkit brings the built-in ones");
    }
}
