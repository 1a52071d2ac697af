package io.qforge.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped experiment (examples/fmnist-transfer.json) made small for these tests: few images
 * and epochs, and calibration in six batches of 8 so that it can be cut into shards.
 */
final class SmallConfigs {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private SmallConfigs() {}

    /** The small run config, its quantization the example DPU config inline. */
    static ObjectNode base() throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(REPO.resolve("examples/fmnist-transfer.json").toFile());
        config.remove("$schema");
        ObjectNode pretrain = (ObjectNode) config.get("backbone").get("weights").get("pretrain");
        ((ObjectNode) pretrain.get("dataset")).put("samples_per_class", 60).put("test_samples_per_class", 20);
        ((ObjectNode) pretrain.get("training")).put("epochs", 1);
        ((ObjectNode) config.get("dataset")).put("samples_per_class", 10).put("test_samples_per_class", 20);
        ObjectNode training = (ObjectNode) config.get("training");
        training.put("epochs", 3);
        training.remove("compare");
        training.remove("fine_tune");
        config.set("quantization", JSON.readTree(REPO.resolve("examples/int8_config.json").toFile()));
        config.putObject("calibration").put("batches", 6).put("batch_size", 8);
        return config;
    }

    /** The small run config for the CPU: ONNX Runtime, the example CPU config (asymmetric, per-channel weights) inline. */
    static ObjectNode cpu() throws IOException {
        ObjectNode config = base();
        config.set("quantization", JSON.readTree(REPO.resolve("examples/cpu_int8_config.json").toFile()));
        config.putObject("target").put("type", "onnxruntime-cpu");
        return config;
    }

    /**
     * The activation's calibration method of {@code config}'s inline quantization set to
     * {@code method}; the histogram methods are made symmetric, as targets require.
     */
    static ObjectNode withActivationMethod(ObjectNode config, String method) {
        ObjectNode copy = config.deepCopy();
        ObjectNode quantization = (ObjectNode) copy.get("quantization");
        ObjectNode tensors = quantization.has("tensor_quantize_config") ? (ObjectNode) quantization.get("tensor_quantize_config")
                : quantization.putObject("tensor_quantize_config");
        ObjectNode activation = tensors.has("activation") ? (ObjectNode) tensors.get("activation") : tensors.putObject("activation");
        activation.put("method", method);
        if (!method.equals("maxmin") && !method.equals("diffs")) {
            activation.put("symmetry", true);
        }
        return copy;
    }

    static Path write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        return file;
    }

    /** The files under {@code dir}, relative, sorted. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted(Comparator.naturalOrder()).toList();
        }
    }
}
