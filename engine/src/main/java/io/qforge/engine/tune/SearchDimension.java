package io.qforge.engine.tune;

import java.util.List;

/**
 * One setting the search may change, with the values it tries, in order.
 *
 * @param path the setting's dotted path in the run config's JSON
 * @param values the values tried
 */
public record SearchDimension(String path, List<Object> values) {

    public SearchDimension {
        values = List.copyOf(values);
    }
}
