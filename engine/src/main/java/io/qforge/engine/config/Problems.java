package io.qforge.engine.config;

import io.qforge.api.quant.TensorKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects problems in the order found. A rule broken by one setting that several tensor kinds
 * inherit is reported once, naming the kinds it affects.
 */
public final class Problems {

    private final Map<ConfigProblem, Set<TensorKind>> found = new LinkedHashMap<>();

    public void add(String path, String message) {
        found.putIfAbsent(new ConfigProblem(path, message), new LinkedHashSet<>());
    }

    /** A problem of the resolved parameters of {@code kind}. */
    public void add(String path, String message, TensorKind kind) {
        found.computeIfAbsent(new ConfigProblem(path, message), k -> new LinkedHashSet<>()).add(kind);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** How many distinct problems were found. */
    public int size() {
        return found.size();
    }

    public List<ConfigProblem> list() {
        List<ConfigProblem> out = new ArrayList<>();
        for (Map.Entry<ConfigProblem, Set<TensorKind>> e : found.entrySet()) {
            ConfigProblem p = e.getKey();
            Set<TensorKind> kinds = e.getValue();
            boolean pathNamesKind = kinds.size() == 1 && p.path().contains("." + kinds.iterator().next().configName());
            if (kinds.isEmpty() || pathNamesKind) {
                out.add(p);
            } else {
                List<String> names = kinds.stream().map(TensorKind::configName).toList();
                out.add(new ConfigProblem(p.path(), p.message() + " (this setting applies to " + String.join(", ", names) + " tensors)"));
            }
        }
        return out;
    }
}
