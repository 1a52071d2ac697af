package io.qforge.api.context;

import io.qforge.api.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's own options as the config wrote them (strings, whole numbers, numbers, booleans,
 * lists), read strictly: an unknown key, or a value of the wrong kind, fails with its JSON path and
 * what would be accepted.
 *
 * <p>Example: {@code new PluginOptions(values, "$.target", Set.of("preset", "strict")).string("preset")}
 * gives the preset, and fails on {@code "$.target.presett"} with the allowed keys.
 */
public final class PluginOptions {

    private final Map<String, Object> values;
    private final String path;

    /** Checks that every key of {@code values} is one of {@code allowed}; {@code path} is where the options are, e.g. {@code $.dataset}. */
    public PluginOptions(Map<String, Object> values, String path, Set<String> allowed) {
        this.values = Map.copyOf(values);
        this.path = path;
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInputException(at(key), "unknown option '" + key + "'. Allowed: type, "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** The JSON path of option {@code key}, for messages. */
    public String at(String key) {
        return path + "." + key;
    }

    /** The value as written (String, Integer, Long, Double, Boolean, List or Map), if set. */
    public Optional<Object> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> string(String key) {
        return typed(key, String.class, "a string");
    }

    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "true or false");
    }

    public Optional<Double> number(String key) {
        return typed(key, Number.class, "a number").map(Number::doubleValue);
    }

    /** A whole number of at least {@code min}. */
    public Optional<Integer> integer(String key, int min) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Integer i && i >= min) {
            return Optional.of(i);
        }
        throw new InvalidInputException(at(key), "is " + v + ". Allowed: a whole number of at least " + min);
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw new InvalidInputException(at(key), "expected " + expected + ", found " + v);
        }
        return Optional.of(type.cast(v));
    }
}
