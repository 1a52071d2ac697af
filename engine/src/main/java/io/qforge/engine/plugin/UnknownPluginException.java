package io.qforge.engine.plugin;

import io.qforge.api.InvalidInputException;

/** A config names a plugin that is not installed. The message lists the known names. */
public final class UnknownPluginException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public UnknownPluginException(String location, String message) {
        super(location, message);
    }
}
