package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A dataset plugin's options as the config wrote them (strings, whole numbers, booleans, lists),
 * read strictly: an unknown key or a value of the wrong kind fails with its JSON path and what
 * would be accepted.
 */
final class Options {

    private final Map<String, Object> values;
    private final String path;

    Options(Map<String, Object> values, String path, Set<String> allowed) {
        this.values = values;
        this.path = path;
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidInputException(path + "." + key, "unknown option '" + key + "'. Allowed: type, " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    String at(String key) {
        return path + "." + key;
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidInputException(at(key), "expected a string, found " + v);
        }
        return Optional.of(s);
    }

    Optional<Boolean> bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw new InvalidInputException(at(key), "expected true or false, found " + v);
        }
        return Optional.of(b);
    }

    Optional<Double> number(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n)) {
            throw new InvalidInputException(at(key), "expected a number, found " + v);
        }
        return Optional.of(n.doubleValue());
    }

    /** A count of at least 1, or "all" (empty). */
    Optional<Integer> countOrAll(String key) {
        Object v = values.get(key);
        if (v == null || "all".equals(v)) {
            return Optional.empty();
        }
        if (v instanceof Integer i && i >= 1) {
            return Optional.of(i);
        }
        throw new InvalidInputException(at(key), v + " is not a count. Allowed: a whole number of 1 or more, or \"all\"");
    }

    /**
     * A class selection: a list of class indices or names, or a range "first-last" of indices.
     * Returns the raw entries (Integer or String) in the order written.
     */
    Optional<List<Object>> classes(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>();
        if (v instanceof String range && range.matches("\\d+-\\d+")) {
            String[] ends = range.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = Integer.parseInt(ends[1]);
            if (first > last) {
                throw new InvalidInputException(at(key), "the range " + range + " is empty. Allowed: first-last with first <= last, e.g. 5-9");
            }
            for (int i = first; i <= last; i++) {
                out.add(i);
            }
            return Optional.of(out);
        }
        if (v instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (!(o instanceof Integer) && !(o instanceof String)) {
                    throw new InvalidInputException(at(key), "has " + o + "; entries are class indices or class names");
                }
                out.add(o);
            }
            return Optional.of(out);
        }
        throw new InvalidInputException(at(key), v + " is not a class selection. Allowed: a list of indices or names, e.g. [5, 6, 7], or a range \"5-9\"");
    }
}
