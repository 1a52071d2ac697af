package io.qforge.engine.config.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line and column of every key and value of a JSON text, by JSON path, so that a problem
 * found after parsing still points at the place in the file. Keys are located at the key, the
 * place a user looks for; array elements at the element.
 */
public final class JsonLocations {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final Map<String, JsonLocation> locations;

    private JsonLocations(Map<String, JsonLocation> locations) {
        this.locations = locations;
    }

    /** Indexes {@code json}; a text that does not parse is indexed up to the first error. */
    public static JsonLocations of(String json) {
        Map<String, JsonLocation> found = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame top = stack.peek();
                if (t == JsonToken.FIELD_NAME) {
                    top.field = p.currentName();
                    found.putIfAbsent(top.path + "." + top.field, p.currentTokenLocation());
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                String path = top == null ? "$" : top.array ? top.path + "[" + top.nextIndex++ + "]" : top.path + "." + top.field;
                found.putIfAbsent(path, p.currentTokenLocation());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(path, t == JsonToken.START_ARRAY));
                }
            }
        } catch (IOException e) {
            // Keep what was indexed; the parse error itself is reported with Jackson's location.
        }
        return new JsonLocations(found);
    }

    /**
     * "line L, column C" of {@code path}, or of its nearest ancestor written in the file (a
     * default has no line of its own), or empty.
     */
    public String describe(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            JsonLocation l = locations.get(p);
            if (l != null) {
                return "line " + l.getLineNr() + ", column " + l.getColumnNr();
            }
            p = parent(p);
        }
        return "";
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? null : path.substring(0, cut);
    }

    private static final class Frame {
        final String path;
        final boolean array;
        String field;
        int nextIndex;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
