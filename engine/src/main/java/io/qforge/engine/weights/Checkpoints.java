package io.qforge.engine.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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

    /** Reads the metadata written beside {@code weights}. */
    public static CheckpointMetadata readMetadata(Path weights) throws IOException {
        String file = weights.getFileName().toString().replaceFirst("\\.safetensors$", "") + ".json";
        return JSON.readValue(weights.resolveSibling(file).toFile(), CheckpointMetadata.class);
    }
}
