package io.qforge.engine.config.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.qforge.engine.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON mapper for configs: snake_case keys, unknown keys and duplicate keys rejected, no
 * silent type coercion ({@code "8"} is not 8, {@code 1} is not {@code true}), and Jackson's
 * errors turned into {@link ConfigProblem}s that name the JSON path and what would be accepted.
 */
public final class StrictJson {

    /** Writes enum constants in their config spelling (messages) and JSON files. */
    private static final JsonMapper WRITER = mapper();

    private StrictJson() {}

    public static JsonMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        return mapper;
    }

    private static void refuse(JsonMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** The JSON path of a Jackson error, e.g. {@code $.layer_quantize_config[0].layer_name}. */
    public static String pathOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /**
     * Turns a Jackson failure into a problem, prefixing its path with {@code root} instead of
     * {@code $}. {@code document} is the parsed file, used to show the offending value.
     */
    public static ConfigProblem problemOf(JsonProcessingException e, String root, JsonNode document) {
        if (!(e instanceof JsonMappingException me)) {
            return new ConfigProblem(root, malformed(e));
        }
        String path = root + pathOf(me).substring(1);
        if (e instanceof UnrecognizedPropertyException u) {
            return new ConfigProblem(path, unknownKey(u));
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return new ConfigProblem(path, "'" + f.getValue() + "' is not allowed. Allowed: " + String.join(", ", enumNames(f.getTargetType())));
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException own && own.getMessage() != null) {
            // The config records' own checks: their messages are written for the user.
            return new ConfigProblem(path, own.getMessage());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigProblem(path, "expected " + describe(m.getTargetType()) + ", found " + found(document, pathOf(me)));
        }
        // Jackson's own text names its classes; the user needs the place and what is accepted.
        return new ConfigProblem(path, "has a value that does not fit here. See docs/configuration.md for what this key takes");
    }

    /** A parse failure in words, without Jackson's text; the caller adds the line and column. */
    private static String malformed(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser p && e.getOriginalMessage().startsWith("Duplicate field")) {
            return "the key '" + currentName(p) + "' appears twice in one object. Each key may appear once";
        }
        return "malformed JSON: " + JacksonText.plain(e);
    }

    private static String currentName(JsonParser p) {
        try {
            return p.currentName();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String unknownKey(UnrecognizedPropertyException u) {
        TreeSet<String> known = new TreeSet<>();
        for (Object id : u.getKnownPropertyIds()) {
            known.add(id.toString());
        }
        String key = u.getPropertyName();
        String hint = closest(key, known).map(k -> " Did you mean '" + k + "'?").orElse("");
        return "unknown key '" + key + "'." + hint + " Allowed keys: " + String.join(", ", known);
    }

    /** The allowed key closest to a misspelt one, when it is within two edits. */
    private static Optional<String> closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The config spellings of an enum's constants, as the mapper writes them. */
    public static List<String> enumNames(Class<?> enumType) {
        JsonMapper m = WRITER;
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            try {
                names.add(m.writeValueAsString(constant).replace("\"", ""));
            } catch (JsonProcessingException e) {
                names.add(constant.toString());
            }
        }
        return names;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", enumNames(type));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    /** What stands at {@code path} in {@code document}, in words. */
    private static String found(JsonNode document, String path) {
        JsonNode node = document == null ? null : document.at(pointerOf(path));
        if (node == null || node.isMissingNode()) {
            return "another kind of value";
        }
        return switch (node.getNodeType()) {
            case STRING -> "the string \"" + node.asText() + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static final Pattern PATH_STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

    /** {@code $.a.b[0]} as the JSON pointer {@code /a/b/0}. */
    public static JsonPointer pointerOf(String path) {
        JsonPointer pointer = JsonPointer.empty();
        Matcher m = PATH_STEP.matcher(path);
        while (m.find()) {
            pointer = m.group(1) != null ? pointer.appendProperty(m.group(1)) : pointer.appendIndex(Integer.parseInt(m.group(2)));
        }
        return pointer;
    }
}
