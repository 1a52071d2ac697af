package io.qforge.engine.plugin;

import io.qforge.api.InvalidInputException;

/** A plugin jar or folder that cannot be used, or plugins that clash. Bad input: exit code 2. */
public final class PluginLoadException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public PluginLoadException(String location, String message) {
        super(location, message);
    }

    public PluginLoadException(String location, String message, Throwable cause) {
        super(location, message, cause);
    }
}
