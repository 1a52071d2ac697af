package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader of user files (a config, a weights file, a dataset, a model) may end in: its
 * value, or an {@link InvalidInputException} whose message is written for the user. Fuzz tests
 * write each input to a {@link #scratchFile} and hand any refusal to {@link #assertUserMessage};
 * every other throwable propagates and is a finding.
 *
 * <pre>{@code
 * try {
 *     SafetensorsFile.open(file);
 * } catch (WeightFileException e) {
 *     ReaderContract.assertUserMessage(e, file);
 * }
 * }</pre>
 */
public final class ReaderContract {

    /** A qualified Java class name of the JDK, a library or qforge, e.g. java.lang.String or com.fasterxml...JsonParser. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jdk|sun|com\\.fasterxml|com\\.google|io\\.qforge|ai\\.djl)\\.[\\w.$]*");
    /** Phrases of Jackson's and the JDK's own messages, which a user should never have to read. */
    private static final List<String> FOREIGN_TEXT = List.of("Exception", "Source:", "reference chain", "was expecting", "(code ",
            "Cannot deserialize", "Cannot construct", "Unrecognized token", "Unexpected character", "end-of-input", "Unexpected end",
            "Protocol message", "out of bounds for length", "Jackson");

    private ReaderContract() {}

    /** Names the user gave (a tensor, a key, a file), which the message quotes and which may hold any text. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    /** Memory-backed, where it exists: a fuzz test rewrites its file thousands of times a second. */
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    /**
     * A file, deleted when the JVM exits, that a fuzz test overwrites with each input: in shared
     * memory where the machine has it, else under the module's {@code target} folder.
     */
    public static Path scratchFile(String suffix) {
        try {
            Path dir = Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                    ? SHARED_MEMORY : Files.createDirectories(Path.of("target", "fuzz-inputs"));
            Path file = Files.createTempFile(dir, "qforge-fuzz-", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inputText(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Overwrites {@code file} with {@code bytes}. */
    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a reader's refusal of {@code file}: its message names the file and says what is wrong
     * in the project's words, with no Java class name and no text of a library's own exception.
     */
    public static void assertUserMessage(InvalidInputException e, Path file) {
        String message = e.getMessage();
        assertTrue(message != null && message.contains(file.getFileName().toString()), () -> "the message does not name the file: " + message);
        String ours = QUOTED.matcher(message).replaceAll("''");
        // A message may echo what the input holds (a key in a JSON path, a tensor name); only text the input lacks is foreign.
        String input = inputText(file);
        Matcher className = CLASS_NAME.matcher(ours);
        while (className.find()) {
            String found = className.group();
            assertTrue(input.contains(found), () -> "the message names a Java class: " + message);
        }
        for (String phrase : FOREIGN_TEXT) {
            assertFalse(ours.contains(phrase) && !input.contains(phrase), () -> "the message carries a library's text ('" + phrase + "'): "
                    + message);
        }
    }
}
