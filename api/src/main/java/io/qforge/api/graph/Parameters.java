package io.qforge.api.graph;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of a graph's parameters, by name. The map is fixed once built; replacing a
 * parameter (a new head, folded BN) makes a new {@code Parameters} sharing the other arrays.
 */
public final class Parameters {

    private final Map<String, NDArray> values;

    public Parameters(Map<String, NDArray> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The array called {@code name}; throws when there is none. */
    public NDArray get(String name) {
        NDArray a = values.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return a;
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public Map<String, NDArray> asMap() {
        return values;
    }

    /** A copy with {@code name} set to {@code value}; the other arrays are shared. */
    public Parameters with(String name, NDArray value) {
        Map<String, NDArray> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Parameters(copy);
    }
}
