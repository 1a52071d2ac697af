package io.qforge.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.qforge.engine.config.ConfigException.LocatedProblem;
import io.qforge.engine.config.json.JsonLocations;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.config.run.QuantizationSource;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.run.RunConfigValidator;
import io.qforge.engine.config.vitis.QuantizeConfig;
import io.qforge.engine.config.vitis.QuantizeConfigValidator;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates config files: a run config, or a bare Vitis AI {@code int8_config.json}.
 * Every problem found is reported at once, each with its file, JSON path, line and column.
 */
public final class ConfigLoader {

    /** The largest config file read, 10 MB: configs are a few kB, and the whole file is held in memory. */
    static final long MAX_CONFIG_BYTES = 10L * 1024 * 1024;

    private final JsonMapper mapper = StrictJson.mapper();
    private final QuantizeConfigValidator quantizeValidator;
    private final RunConfigValidator runValidator;

    @Inject
    public ConfigLoader(QuantizeConfigValidator quantizeValidator, RunConfigValidator runValidator) {
        this.quantizeValidator = quantizeValidator;
        this.runValidator = runValidator;
    }

    /**
     * Loads {@code file} as whichever kind it is: a Vitis AI config when its keys are Vitis AI
     * keys only, otherwise a run config.
     */
    public ValidatedConfig load(Path file) {
        return load(file, null);
    }

    /**
     * Loads {@code file}; a run config's target is replaced by {@code target} when it is not null
     * (for {@code qforge compile --target}), before its quantization is checked against the target's rules.
     */
    public ValidatedConfig load(Path file, PluginSelection target) {
        SourceFile source = SourceFile.read(file);
        JsonNode tree = source.tree(mapper);
        return isQuantizeConfig(tree) ? loadQuantize(source, null) : loadRun(source, tree, target);
    }

    private static boolean isQuantizeConfig(JsonNode tree) {
        boolean vitisKey = false;
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (RunConfig.KEYS.contains(key)) {
                return false;
            }
            vitisKey |= QuantizeConfig.KEYS.contains(key);
        }
        return vitisKey;
    }

    /** A bare Vitis AI config, checked for {@code runTarget} (null when it is not part of a run). */
    private ValidatedConfig loadQuantize(SourceFile source, PluginSelection runTarget) {
        QuantizeConfig config = source.parse(mapper, QuantizeConfig.class);
        Problems problems = new Problems();
        Optional<ResolvedQuantizeConfig> resolved = quantizeValidator.validate(config, "$", runTarget, problems);
        source.throwIfAny(problems);
        return new ValidatedConfig(null, resolved.orElseThrow());
    }

    private ValidatedConfig loadRun(SourceFile source, JsonNode tree, PluginSelection targetOverride) {
        RunConfig parsed = source.parse(mapper, RunConfig.class);
        RunConfig config = targetOverride != null ? parsed.withTarget(targetOverride) : parsed;
        Problems problems = new Problems();
        refuseNulls(tree, "$", problems);
        Optional<RunConfig> run = runValidator.validate(config, source.baseName(), source.directory(), problems);
        PluginSelection target = run.map(RunConfig::target).orElse(null);
        QuantizationSource q = config.quantization();
        Optional<ResolvedQuantizeConfig> quantization;
        List<LocatedProblem> located = source.locate(problems);
        if (q != null && q.path() != null) {
            quantization = loadReferenced(source, q.path(), target, located);
        } else {
            QuantizeConfig inline = q != null ? q.inline() : emptyQuantizeConfig();
            Problems quantizeProblems = new Problems();
            quantization = quantizeValidator.validate(inline, "$.quantization", target, quantizeProblems);
            located.addAll(source.locate(quantizeProblems));
        }
        if (!located.isEmpty()) {
            throw new ConfigException(located);
        }
        return new ValidatedConfig(run.orElseThrow(), quantization.orElseThrow());
    }

    /**
     * Reports every {@code null} value: Jackson would read {@code "training": null} as a missing
     * section and quietly use the defaults, which is not what a user who wrote it meant.
     */
    private static void refuseNulls(JsonNode node, String path, Problems problems) {
        if (node.isNull()) {
            problems.add(path, "is null. Allowed: a value, or leave the key out for its default");
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> refuseNulls(e.getValue(), path + "." + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNulls(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** Loads the Vitis AI config a run config points at; its problems are located in its own file. */
    private Optional<ResolvedQuantizeConfig> loadReferenced(SourceFile runFile, String path, PluginSelection target, List<LocatedProblem> located) {
        Path file;
        try {
            file = runFile.directory().resolve(path);
        } catch (InvalidPathException e) {
            located.addAll(runFile.locate(List.of(new ConfigProblem("$.quantization", "'" + path + "' is not a path on this system ("
                    + e.getReason() + ")"))));
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            located.addAll(runFile.locate(List.of(new ConfigProblem("$.quantization", "no Vitis AI config file at " + file
                    + ". Allowed: a quantization config object, or the path of an int8_config.json relative to this file"))));
            return Optional.empty();
        }
        try {
            return Optional.of(loadQuantize(SourceFile.read(file), target).quantization());
        } catch (ConfigException e) {
            located.addAll(e.problems());
            return Optional.empty();
        }
    }

    private static QuantizeConfig emptyQuantizeConfig() {
        return new QuantizeConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** One config file's text, with the index that turns JSON paths into lines and columns. */
    private record SourceFile(Path file, String text, JsonLocations locations) {

        static SourceFile read(Path file) {
            try {
                if (Files.size(file) > MAX_CONFIG_BYTES) {
                    throw single(file, "$", "is " + Files.size(file) + " bytes long. A config has at most " + MAX_CONFIG_BYTES
                            + " bytes; give the JSON config, not a data or model file");
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new SourceFile(file, text, JsonLocations.of(text));
            } catch (java.nio.file.NoSuchFileException e) {
                throw single(file, "$", "no such file. Give the path of a run config or of a Vitis AI int8_config.json");
            } catch (IOException e) {
                throw single(file, "$", "cannot be read: " + e.getMessage());
            }
        }

        private static ConfigException single(Path file, String path, String message) {
            return new ConfigException(List.of(new LocatedProblem(file.toString(), "", new ConfigProblem(path, message))));
        }

        Path directory() {
            Path parent = file.toAbsolutePath().getParent();
            return parent != null ? parent : Path.of(".");
        }

        String baseName() {
            String name = file.getFileName().toString();
            return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        }

        JsonNode tree(JsonMapper mapper) {
            try {
                JsonNode tree = mapper.readTree(text);
                if (tree == null || !tree.isObject()) {
                    throw single(file, "$", "a config is a JSON object ({ ... }), found " + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
                }
                return tree;
            } catch (JsonProcessingException e) {
                throw jacksonProblem(e, mapper);
            }
        }

        <T> T parse(JsonMapper mapper, Class<T> type) {
            try {
                return mapper.readValue(text, type);
            } catch (JsonProcessingException e) {
                throw jacksonProblem(e, mapper);
            }
        }

        private ConfigException jacksonProblem(JsonProcessingException e, JsonMapper mapper) {
            JsonNode document = null;
            try {
                document = mapper.readTree(text);
            } catch (JsonProcessingException malformed) {
                // The text itself does not parse; there is no value to show.
            }
            ConfigProblem problem = StrictJson.problemOf(e, "$", document);
            String where = locations.describe(problem.path());
            JsonLocation l = e.getLocation();
            if (e instanceof StreamConstraintsException) {
                // A limit is hit somewhere inside the document; Jackson and the root's position both point at its first character.
                where = "";
            } else if ((where.isEmpty() || problem.path().equals("$")) && l != null && l.getLineNr() > 0) {
                where = "line " + l.getLineNr() + ", column " + l.getColumnNr();
            }
            return new ConfigException(List.of(new LocatedProblem(file.toString(), where, problem)));
        }

        List<LocatedProblem> locate(Problems problems) {
            return locate(problems.list());
        }

        List<LocatedProblem> locate(List<ConfigProblem> problems) {
            List<LocatedProblem> out = new ArrayList<>();
            for (ConfigProblem p : problems) {
                out.add(new LocatedProblem(file.toString(), locations.describe(p.path()), p));
            }
            return out;
        }

        void throwIfAny(Problems problems) {
            if (!problems.isEmpty()) {
                throw new ConfigException(locate(problems));
            }
        }
    }
}
