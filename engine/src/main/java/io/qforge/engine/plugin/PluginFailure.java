package io.qforge.engine.plugin;

import io.qforge.api.InvalidInputException;

/**
 * A plugin failed with an exception of its own inside one of its methods: a fault of the plugin,
 * reported as bad input (the plugin jar) naming the plugin, what it was doing and its jar, without
 * a stack trace unless {@code --debug} asks for one.
 */
public final class PluginFailure extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public PluginFailure(String plugin, String origin, String doing, RuntimeException cause) {
        super(plugin, "failed while " + doing + ": " + cause + ". The plugin comes from " + origin
                + "; remove it from the plugins folder or report this to its author (--debug prints the stack trace)", cause);
    }
}
