package io.qforge.engine.weights;

import io.qforge.api.InvalidInputException;

/** A weights file that cannot be used: unreadable, malformed, or not matching the model. Exit code 2. */
public final class WeightFileException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public WeightFileException(String file, String message) {
        super(file, message);
    }

    public WeightFileException(String file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
