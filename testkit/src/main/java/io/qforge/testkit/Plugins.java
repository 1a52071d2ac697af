package io.qforge.testkit;

import io.qforge.api.QforgePlugin;

/** Finds plugins on the test class path the way qforge does. */
final class Plugins {

    private Plugins() {}

    /** The plugin of {@code type} named {@code name}; the built-in round modes, scale types and calibrators come with the testkit. */
    static <T extends QforgePlugin> T find(Class<T> type, String name) {
        return ClassPathPlugins.INSTANCE.find(type, name).orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName()
                + " named " + name + " on the class path; the testkit brings the built-in ones"));
    }
}
