package io.qforge.engine.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.json.JacksonText;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A checkpoint: {@code <name>.safetensors} with the parameters under torchvision's names, and
 * {@code <name>.json} with the class names, preprocessing and metrics. Both files are written
 * atomically.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Checkpoints() {}

    /** Writes the checkpoint and returns the path of its safetensors file. */
    public static Path write(Path dir, String name, Parameters parameters, CheckpointMetadata metadata) throws IOException {
        Path weights = dir.resolve(name + ".safetensors");
        byte[] json = JSON.writeValueAsBytes(metadata);
        // Metadata first: readers look for the weights file, so once it exists its metadata does too.
        AtomicFiles.write(dir.resolve(name + ".json"), out -> {
            out.write(json);
            out.write('\n');
        });
        SafetensorsWriter.write(weights, parameters.asMap(), Map.of("producer", "qforge", "backbone", metadata.backbone()));
        return weights;
    }

    /** Reads the metadata written beside {@code weights}; see {@link #findMetadata} for the checks. */
    public static CheckpointMetadata readMetadata(Path weights) throws IOException {
        Path file = metadataFile(weights);
        return findMetadata(weights).orElseThrow(() -> new NoSuchFileException(file.toString()));
    }

    /**
     * The metadata beside {@code weights} ({@code model.json} beside {@code model.safetensors}), or
     * empty when there is none, as beside a model trained outside qforge. A file that is there but
     * lacks a field, or has one of the wrong kind, is an error naming the file and the field.
     */
    public static Optional<CheckpointMetadata> findMetadata(Path weights) throws IOException {
        Path file = metadataFile(weights);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw bad(file, "is not valid JSON: " + JacksonText.plain(e));
        }
        if (tree == null || !tree.isObject()) {
            throw bad(file, "is not a JSON object");
        }
        if (!tree.path("backbone").isTextual()) {
            throw bad(file, "has no 'backbone' (the backbone plugin's name, a string)");
        }
        JsonNode classes = tree.path("class_names");
        if (!classes.isArray() || classes.isEmpty() || !StreamSupport.stream(classes.spliterator(), false).allMatch(JsonNode::isTextual)) {
            throw bad(file, "has no 'class_names' (the class names by label, a non-empty list of strings)");
        }
        JsonNode pp = tree.path("preprocessing");
        for (String field : new String[] {"height", "width"}) {
            if (!pp.path(field).canConvertToInt() || pp.path(field).asInt() < 1) {
                throw bad(file, "has no 'preprocessing." + field + "' (the input size the weights expect, a whole number)");
            }
        }
        for (String field : new String[] {"mean", "std"}) {
            if (!pp.path(field).isArray() || pp.path(field).isEmpty()) {
                throw bad(file, "has no 'preprocessing." + field + "' (a list of numbers, one per channel)");
            }
        }
        try {
            return Optional.of(JSON.treeToValue(tree, CheckpointMetadata.class));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String at = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? " at " + StrictJson.pathOf(m) : "";
            throw bad(file, "has a value of the wrong kind or a null" + at + ". Expected: backbone (a string), class_names (a list of strings), "
                    + "preprocessing (height and width, whole numbers; mean and std, lists of numbers; resize, \"pad\" or \"resize\"), "
                    + "metrics (names and numbers)");
        }
    }

    /** The metadata file beside {@code weights}: {@code model.json} beside {@code model.safetensors}. */
    public static Path metadataFile(Path weights) {
        return weights.resolveSibling(weights.getFileName().toString().replaceFirst("\\.safetensors$", "") + ".json");
    }

    private static InvalidInputException bad(Path file, String problem) {
        return new InvalidInputException(file.toString(), problem + ". A checkpoint's JSON holds backbone, class_names, preprocessing "
                + "{height, width, mean, std} and optionally metrics, as qforge train writes it; a model trained elsewhere needs none "
                + "(the run config says what it needs)");
    }
}
