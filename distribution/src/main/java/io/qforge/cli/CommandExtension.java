package io.qforge.cli;

/**
 * A subcommand that an add-on jar brings to {@code qforge} (qforge-spark's {@code sweep}), found
 * with {@link java.util.ServiceLoader} on the class path. The command object is a picocli
 * {@code @Command}; a {@code @ParentCommand QforgeCli} field in it gets the root command, whose
 * {@link QforgeCli#startEngine()} starts the engine with the user's plugins folder.
 */
public interface CommandExtension {

    /** The subcommand's name. */
    String name();

    /** A new instance of the picocli command. */
    Object command();
}
