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
    private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at [^)]*\\)\\)?");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\[?Source: [^\\]]*]?");
    private static final Pattern ENABLE_TO_ALLOW = Pattern.compile("[:;,]?\\s*(enable|disable) .* to allow.*$");

    private JacksonText() {}

    /** The message of {@code e} as a sentence for a user. */
    public static String plain(JsonProcessingException e) {
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "the JSON is too large or too deeply nested for a config (" + CODE.matcher(firstSentence(raw)).replaceAll("").strip()
                    + "); configs are small files of at most a few nesting levels";
        }
        if (raw.contains("Unexpected end-of-input")) {
            return "the file ends before the JSON is complete: a closing '}' or ']', or the end of a string, is missing";
        }
        if (raw.contains("'NaN'") || raw.contains("'Infinity'") || raw.contains("'+Infinity'") || raw.contains("'-Infinity'")
                || raw.contains("'+INF'") || raw.contains("'-INF'")) {
            return "NaN and Infinity are not JSON numbers. Allowed: a finite number such as 0.5";
        }
        if (raw.contains("out of range of")) {
            return "a number is too large. Allowed: " + (raw.contains("of int") ? "a whole number up to 2147483647" : "a smaller number");
        }
        String text = START_MARKER.matcher(raw).replaceAll("");
        text = SOURCE.matcher(text).replaceAll("");
        text = ENABLE_TO_ALLOW.matcher(text).replaceAll("");
        text = CODE.matcher(text).replaceAll("");
        text = text.replace('\n', ' ').replaceAll("\\s+", " ").strip();
        while (text.endsWith(";") || text.endsWith(":") || text.endsWith(",")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.isEmpty() ? "not valid JSON" : text;
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end);
    }
}
