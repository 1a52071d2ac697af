package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
import io.qforge.api.context.PluginOptions;
import io.qforge.api.data.DatasetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options both datasets share on top of {@link PluginOptions}: a sample count, and a class selection. */
final class SelectionOptions {

    private SelectionOptions() {}

    /** A count of at least 1, or "all" (empty). */
    static Optional<Integer> countOrAll(PluginOptions o, String key) {
        Object v = o.value(key).orElse(null);
        if (v == null || "all".equals(v)) {
            return Optional.empty();
        }
        if (v instanceof Integer i && i >= 1) {
            return Optional.of(i);
        }
        throw new InvalidInputException(o.at(key), v + " is not a count. Allowed: a whole number of 1 or more, or \"all\"");
    }

    /**
     * How many images per class the split of {@code request} keeps: {@code samples_per_class} for
     * the training split, {@code test_samples_per_class} for the test split (e.g. a quick run
     * that evaluates on a subset); empty for all of them.
     */
    static Optional<Integer> perClass(PluginOptions o, DatasetRequest request) {
        return countOrAll(o, request.split().equals(DatasetRequest.TRAIN) ? "samples_per_class" : "test_samples_per_class");
    }

    /**
     * A class selection: a list of class indices or names, or a range "first-last" of indices.
     * Returns the raw entries (Integer or String) in the order written.
     */
    static Optional<List<Object>> classes(PluginOptions o, String key) {
        Object v = o.value(key).orElse(null);
        if (v == null) {
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>();
        if (v instanceof String range && range.matches("\\d+-\\d+")) {
            String[] ends = range.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = Integer.parseInt(ends[1]);
            if (first > last) {
                throw new InvalidInputException(o.at(key), "the range " + range + " is empty. Allowed: first-last with first <= last, e.g. 5-9");
            }
            for (int i = first; i <= last; i++) {
                out.add(i);
            }
            return Optional.of(out);
        }
        if (v instanceof List<?> list && !list.isEmpty()) {
            for (Object e : list) {
                if (!(e instanceof Integer) && !(e instanceof String)) {
                    throw new InvalidInputException(o.at(key), "has " + e + "; entries are class indices or class names");
                }
                out.add(e);
            }
            return Optional.of(out);
        }
        throw new InvalidInputException(o.at(key), v + " is not a class selection. Allowed: a list of indices or names, e.g. [5, 6, 7], or a range \"5-9\"");
    }
}
