package io.qforge.api;

/**
 * Bad user input found by a plugin: an option, a file, a tensor. The message says what is wrong
 * and what would be accepted; {@link #location()} says where (a JSON path, a file, a tensor
 * name). The command line turns it into exit code 2.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String location;

    public InvalidInputException(String location, String message) {
        super(message);
        this.location = location;
    }

    public InvalidInputException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** Where the problem is: a JSON path such as {@code $.dataset.path}, a file, or a tensor. */
    public String location() {
        return location;
    }

    /** The message without the location, e.g. to list it under its JSON path. */
    public String detail() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        return location == null || location.isEmpty()
                ? super.getMessage()
                : location + ": " + super.getMessage();
    }
}
