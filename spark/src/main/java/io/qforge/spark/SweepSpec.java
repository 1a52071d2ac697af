package io.qforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep file ({@code qforge sweep SWEEP.json}): a base run config and the trials that vary it,
 * listed one by one ({@code trials}: a name and a JSON merge patch each) or as a grid ({@code grid}:
 * dotted paths to lists of values, every combination a trial). docs/scale-out.md shows one.
 *
 * @param file the sweep file
 * @param name the sweep's name: its folder in the output
 * @param base the base run config, resolved against the sweep file's folder
 * @param output where the sweep writes (a path or a Hadoop file system URI); null for the base's output.dir
 * @param trials every trial, in the file's order: the listed ones, then the grid's
 */
record SweepSpec(Path file, String name, Path base, String output, List<Trial> trials) {

    /** A trial: its name (its folder) and the merge patch that makes its run config from the base. */
    record Trial(String name, ObjectNode patch) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> KEYS = Set.of("name", "base", "output", "trials", "grid");

    static SweepSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, "$", "no such file. Allowed: a sweep file, as docs/scale-out.md shows");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw bad(file, "$", "cannot be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "$", "is not a JSON object. A sweep file holds name, base, and trials and/or grid");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw bad(file, "$." + key, "is not a sweep key. Allowed: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String name = text(file, root, "name");
        if (!NAME.matcher(name).matches()) {
            throw bad(file, "$.name", "'" + name + "' is not a folder name. Allowed: 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Path base = file.toAbsolutePath().getParent().resolve(text(file, root, "base"));
        if (!Files.isRegularFile(base)) {
            throw bad(file, "$.base", base + " is not a file. Allowed: a run config, relative to the sweep file's folder");
        }
        List<Trial> trials = new ArrayList<>(listed(file, root.get("trials")));
        trials.addAll(grid(file, root.get("grid")));
        if (trials.isEmpty()) {
            throw bad(file, "$", "has no trials. Allowed: a non-empty 'trials' list, a 'grid', or both");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Trial t : trials) {
            if (!names.add(t.name())) {
                throw bad(file, "$.trials", "names the trial '" + t.name() + "' twice. Allowed: each name once");
            }
        }
        return new SweepSpec(file, name, base, root.has("output") ? text(file, root, "output") : null, List.copyOf(trials));
    }

    private static List<Trial> listed(Path file, JsonNode trials) {
        if (trials == null) {
            return List.of();
        }
        if (!trials.isArray()) {
            throw bad(file, "$.trials", "is not a list. Allowed: a list of {\"name\": ..., \"set\": {...}}");
        }
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            JsonNode t = trials.get(i);
            String at = "$.trials[" + i + "]";
            if (!t.isObject() || !t.path("name").isTextual() || !t.path("set").isObject() || t.size() != 2) {
                throw bad(file, at, "is not a trial. Allowed: {\"name\": NAME, \"set\": {a JSON merge patch of the base run config}}");
            }
            String name = t.get("name").asText();
            if (!NAME.matcher(name).matches()) {
                throw bad(file, at + ".name", "'" + name + "' is not a folder name. Allowed: 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
            out.add(new Trial(name, (ObjectNode) t.get("set")));
        }
        return out;
    }

    /** Every combination of the grid's values, the first path varying slowest; each named key-value (the path's last key) joined by '_'. */
    private static List<Trial> grid(Path file, JsonNode grid) {
        if (grid == null) {
            return List.of();
        }
        if (!grid.isObject() || grid.isEmpty()) {
            throw bad(file, "$.grid", "is not a grid. Allowed: {\"dotted.path\": [values], ...}, e.g. {\"calibration.batches\": [5, 10]}");
        }
        Map<String, JsonNode> axes = new LinkedHashMap<>();
        grid.fields().forEachRemaining(e -> {
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw bad(file, "$.grid['" + e.getKey() + "']", "is not a non-empty list of values");
            }
            if (!e.getKey().matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
                throw bad(file, "$.grid['" + e.getKey() + "']", "is not a dotted path of config keys, e.g. quantization.calib_method");
            }
            axes.put(e.getKey(), e.getValue());
        });
        List<Trial> out = new ArrayList<>();
        out.add(new Trial("", JsonNodeFactory.instance.objectNode()));
        for (Map.Entry<String, JsonNode> axis : axes.entrySet()) {
            String[] keys = axis.getKey().split("\\.");
            List<Trial> next = new ArrayList<>();
            for (Trial t : out) {
                for (JsonNode value : axis.getValue()) {
                    ObjectNode patch = t.patch().deepCopy();
                    ObjectNode at = patch;
                    for (int k = 0; k < keys.length - 1; k++) {
                        at = at.has(keys[k]) ? (ObjectNode) at.get(keys[k]) : at.putObject(keys[k]);
                    }
                    at.set(keys[keys.length - 1], value);
                    String label = keys[keys.length - 1] + "-" + (value.isTextual() ? value.asText() : value.toString()).replaceAll("[^A-Za-z0-9._-]", "-");
                    next.add(new Trial(t.name().isEmpty() ? label : t.name() + "_" + label, patch));
                }
            }
            out = next;
        }
        return out;
    }

    private static String text(Path file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw bad(file, "$." + key, (n == null ? "is missing" : "is not a non-empty string") + ". Allowed: a string");
        }
        return n.asText();
    }

    private static InvalidInputException bad(Path file, String path, String message) {
        return new InvalidInputException(file + ": " + path, message);
    }
}
