package io.qforge.engine.config.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * A Jackson error in words for a user: no class or feature names, no "Source: REDACTED"; the
 * common cases (a file that ends early, NaN, a size limit) get a sentence of their own.
 */
public final class JacksonText {

    private static final Pattern CODE = Pattern.compile("\\s*\\([^()]*`[^`]*`[^()]*\\)|`[^`]*`");

    private JacksonText() {}

    /** The message of {@code e} as a sentence for a user. */
    public static String plain(JsonProcessingException e) {
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "the JSON is too large or too deeply nested for a config (" + CODE.matcher(firstSentence(raw)).replaceAll("").strip()
                    + "); configs are small files of at most a few nesting levels";
        }
        if (raw.contains("Unexpected end-of-input")) {
            return "the file ends before the JSON is complete: the text ends inside a value, or before a closing '}' or ']'";
        }
        if (raw.contains("'NaN'") || raw.contains("'Infinity'") || raw.contains("'+Infinity'") || raw.contains("'-Infinity'")
                || raw.contains("'+INF'") || raw.contains("'-INF'")) {
            return "NaN and Infinity are not JSON numbers. Allowed: a finite number such as 0.5";
        }
        if (raw.contains("out of range of")) {
            return "a number is too large. Allowed: " + (raw.contains("of int") ? "a whole number up to 2147483647" : "a smaller number");
        }
        // The parser's own wording names its classes and features; say where the usual mistakes are instead.
        return "the text is not valid JSON here. JSON allows no comments, no trailing commas, and only double-quoted keys and strings";
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end);
    }
}
