package io.qforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** The shipped experiment (examples/fmnist-transfer.json) made small for end-to-end tests: fewer images and epochs, no comparisons. */
final class SmallRun {

    static final ObjectMapper JSON = new ObjectMapper();

    private SmallRun() {}

    /** The small run config for {@code target}, with no quantization section yet. */
    static ObjectNode config(ObjectNode target) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(Launcher.REPO.resolve("examples/fmnist-transfer.json").toFile());
        config.remove("$schema");
        ObjectNode pretrain = (ObjectNode) config.get("backbone").get("weights").get("pretrain");
        // A tenth of each test split: the runs' checks do not need 5,000 test images, and CI time does.
        ((ObjectNode) pretrain.get("dataset")).put("samples_per_class", 60).put("test_samples_per_class", 100);
        ((ObjectNode) pretrain.get("training")).put("epochs", 1);
        ((ObjectNode) config.get("dataset")).put("samples_per_class", 10).put("test_samples_per_class", 100);
        ObjectNode training = (ObjectNode) config.get("training");
        training.put("epochs", 3);
        training.remove("compare");
        training.remove("fine_tune");
        config.remove("quantization");
        config.set("target", target);
        return config;
    }

    /** An example Vitis AI config of {@code examples/}, as a tree to change. */
    static ObjectNode exampleQuantization(String name) throws IOException {
        return (ObjectNode) JSON.readTree(Launcher.REPO.resolve("examples").resolve(name).toFile());
    }

    /** The tensor_quantize_config entry of {@code kind} in {@code quantization}, made when missing. */
    static ObjectNode tensorConfig(ObjectNode quantization, String kind) {
        ObjectNode tensors = quantization.has("tensor_quantize_config") ? (ObjectNode) quantization.get("tensor_quantize_config")
                : quantization.putObject("tensor_quantize_config");
        return tensors.has(kind) ? (ObjectNode) tensors.get(kind) : tensors.putObject(kind);
    }

    static Path write(Path file, ObjectNode json) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        return file;
    }
}
