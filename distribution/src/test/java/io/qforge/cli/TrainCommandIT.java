package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qforge train through bin/qforge, on the shipped example configs. */
class TrainCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    private ObjectNode example(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Launcher.REPO.resolve("examples").resolve(name).toFile());
    }

    private Path write(ObjectNode config, String name) throws Exception {
        Files.copy(Launcher.REPO.resolve("examples/int8_config.json"), tmp.resolve("int8_config.json"), StandardCopyOption.REPLACE_EXISTING);
        Path file = tmp.resolve(name);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
        return file;
    }

    /** 30 classes, each a colour and a stripe position, as PNG and JPEG files. */
    private static void imageFolder(Path root, int perClass) throws Exception {
        for (int c = 0; c < 30; c++) {
            Path dir = Files.createDirectories(root.resolve(String.format("class%02d", c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.getHSBColor(c / 30f, 0.8f, 0.9f));
                g.fillRect(0, 0, 40, 40);
                g.setColor(Color.WHITE);
                g.fillRect((c % 6) * 6 + i % 2, 0, 4, 40);
                g.dispose();
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(img, format, dir.resolve("img" + i + "." + format).toFile());
            }
        }
    }

    @Test
    void custom30ClassExampleRunsOnAGeneratedFolderAndCheckpoint() throws Exception {
        imageFolder(tmp.resolve("data/my-30-classes/train"), 3);
        imageFolder(tmp.resolve("data/my-30-classes/test"), 1);
        Files.writeString(tmp.resolve("data/my-30-classes/train/class00/readme.txt"), "not an image");
        // A generated ImageNet-shaped checkpoint stands in for the weights that cannot be downloaded here.
        Graph imagenet = new ResNet18Backbone().build(new BackboneSpec(1000, 3, 224, 224));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Checkpoints.write(tmp.resolve("weights"), "resnet18-generated", ParameterInitializer.initialize(imagenet, manager, 5),
                    new CheckpointMetadata("resnet18", List.of(), Preprocessing.imagenet(), Map.of()));
        }
        ObjectNode config = example("custom-30-class.json");
        ((ObjectNode) config.get("backbone")).put("weights", "weights/resnet18-generated.safetensors");
        Path file = write(config, "custom-30-class.json");

        Launcher.Result r = Launcher.run("train", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, r);
        JsonNode report = JSON.readTree(tmp.resolve("out/custom-30-class/training.json").toFile());
        assertEquals(30, report.get("class_names").size());
        assertEquals(90, report.get("train_images").asInt());
        assertEquals(30, report.get("test_images").asInt());
        assertEquals(1, report.get("skipped_files").size());
        assertEquals(20, report.get("result").get("epochs").size());
        assertEquals("feature-extraction", report.get("mode").asText());
        JsonNode meta = JSON.readTree(tmp.resolve("out/custom-30-class/checkpoint/model.json").toFile());
        assertEquals(30, meta.get("class_names").size());
        assertTrue(Files.size(tmp.resolve("out/custom-30-class/checkpoint/model.safetensors")) > 40_000_000L);
        assertTrue(Files.exists(tmp.resolve("out/custom-30-class/config.json")));
        assertTrue(r.err().contains("skipped 1 unreadable files"), r.err());
    }

    @Test
    void fmnistTransferExampleRunsOnTheRealDatasetAndReusesItsPretrainedBackbone() throws Exception {
        // The shipped experiment, made small: the full one is the README's main command.
        ObjectNode config = example("fmnist-transfer.json");
        ObjectNode pretrain = (ObjectNode) config.get("backbone").get("weights").get("pretrain");
        ((ObjectNode) pretrain.get("dataset")).put("samples_per_class", 60);
        ((ObjectNode) pretrain.get("training")).put("epochs", 1);
        ((ObjectNode) config.get("dataset")).put("samples_per_class", 10);
        ((ObjectNode) config.get("training")).put("epochs", 2);
        Path file = write(config, "fmnist-transfer.json");
        Map<String, String> env = Map.of("QFORGE_CACHE", tmp.resolve("cache").toString());

        Launcher.Result first = Launcher.run(env, "train", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, first);
        assertTrue(first.err().contains("pretraining resnet18 from scratch on 5 classes [T-shirt/top, Trouser, Pullover, Dress, Coat], 300 images"), first.err());
        JsonNode report = JSON.readTree(tmp.resolve("out/fmnist-transfer/training.json").toFile());
        assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), JSON.convertValue(report.get("class_names"), List.class));
        assertEquals(50, report.get("train_images").asInt());
        assertEquals(5000, report.get("test_images").asInt());
        assertEquals(2, report.get("comparisons").size());
        for (String line : List.of("test accuracy, transfer head: ", "test accuracy, random-backbone head: ", "test accuracy, fine-tune: ")) {
            assertTrue(first.err().contains(line), line + "\n" + first.err());
        }

        Launcher.Result quantize = Launcher.run(env, "quantize", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, quantize);
        JsonNode params = JSON.readTree(tmp.resolve("out/fmnist-transfer/quantized/quant_params.json").toFile());
        assertEquals(74, params.size(), "input, 21 weights, 21 biases, 31 activations");
        for (JsonNode entry : params) {
            assertEquals(1, entry.get("fix_pos").size(), entry.toString());
            assertEquals("modal", entry.get("calib_statistic_method").asText(), "the resolved spec is written per tensor");
        }
        JsonNode quantReport = JSON.readTree(tmp.resolve("out/fmnist-transfer/quantized/report.json").toFile());
        double floatTop1 = quantReport.get("evaluation").get("float_top1").asDouble();
        assertEquals(report.get("result").get("test_accuracy").asDouble(), floatTop1, 1e-9, "folding keeps the trained accuracy");
        assertTrue(quantize.err().contains("quantized top-1"), quantize.err());
        assertEquals(21, quantReport.get("bias_corrections").size(), "include_bias_corr is on in the example config");
        assertTrue(Files.exists(tmp.resolve("out/fmnist-transfer/quantized/config.json")), "the resolved config");

        Launcher.Result inspect = Launcher.run(env, "inspect", file.toString());
        assertExit(0, inspect);
        assertTrue(inspect.out().contains("1 subgraph (1 DPU, 0 CPU); DPU share: 100.0% of ops, 100.0% of MACs"), inspect.out());

        Launcher.Result compile = Launcher.run(env, "compile", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, compile);
        assertTrue(compile.err().contains("quantize: cached, the checkpoint, quantization config, calibration and target are unchanged; reusing")
                && compile.err().lines().noneMatch(l -> l.startsWith("calibration: ")), "compile reuses quantized/ instead of calibrating again:\n" + compile.err());
        Path compiled = tmp.resolve("out/fmnist-transfer/compiled");
        for (String artifact : List.of("resnet18_int.xmodel", "arch.json", "meta.json", "compile.sh", "deploy/run_on_board.py", "compile_report.json")) {
            assertTrue(Files.exists(compiled.resolve(artifact)), artifact);
        }
        assertEquals("{\"fingerprint\": \"0x101000056010407\"}\n", Files.readString(compiled.resolve("arch.json")));
        JsonNode check = JSON.readTree(compiled.resolve("compile_report.json").toFile()).get("integer_check");
        assertTrue(check.get("agreement").asDouble() >= 0.999, check.toString());
        assertTrue(compile.out().contains("vai_c_xir is not on the PATH"), compile.out());
        JsonNode dpuQuantized = JSON.readTree(tmp.resolve("out/fmnist-transfer/quantized/report.json").toFile());
        assertEquals(0, pass(dpuQuantized, "target-rules").get("changes").size(), "the shipped DPU config already meets the DPU's rules");
        assertEquals("dpuczdx8g", pass(dpuQuantized, "target-rules").get("owner").asText(), "the target's rules, reported as its pass");

        // Swapping targets: the same config but for its target line.
        ObjectNode cpuConfig = config.deepCopy();
        cpuConfig.set("target", JSON.createObjectNode().put("type", "onnxruntime-cpu"));
        Path cpuFile = write(cpuConfig, "fmnist-transfer-cpu.json");
        Launcher.Result cpu = Launcher.run(env, "compile", cpuFile.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, cpu);
        for (String artifact : List.of("model_fp32.onnx", "model_int8.onnx", "meta.json", "compile_report.json")) {
            assertTrue(Files.exists(compiled.resolve(artifact)), artifact);
        }
        JsonNode cpuQuantized = JSON.readTree(tmp.resolve("out/fmnist-transfer/quantized/report.json").toFile());
        assertEquals(dpuQuantized.get("evaluation").get("float_top1"), cpuQuantized.get("evaluation").get("float_top1"), "the float stages are shared");
        assertTrue(pass(cpuQuantized, "target-rules").get("changes").toString().contains("round_mode half_up -> half_even"), cpuQuantized.toString());
        JsonNode ort = JSON.readTree(compiled.resolve("compile_report.json").toFile()).get("integer_check");
        assertTrue(ort.get("agreement").asDouble() >= 0.995, "ONNX Runtime int8 against the simulation: " + ort);
        Launcher.Result unknown = Launcher.run(env, "compile", file.toString(), "--target", "tpu", "--out", tmp.resolve("out").toString());
        assertExit(2, unknown);
        assertTrue(unknown.err().contains("--target: 'tpu' is not a known target. Allowed: dpuczdx8g, onnxruntime-cpu"), unknown.err());

        ((ObjectNode) config.get("dataset")).put("classes", "0-4");
        Path otherClasses = write(config, "other-classes.json");
        Launcher.Result mismatch = Launcher.run(env, "quantize", otherClasses.toString(), "--out", tmp.resolve("out").toString(),
                "--checkpoint", tmp.resolve("out/fmnist-transfer/checkpoint/model.safetensors").toString());
        assertExit(2, mismatch);
        assertTrue(mismatch.err().contains("$.dataset: has the classes [T-shirt/top, Trouser, Pullover, Dress, Coat], which the checkpoint ")
                && mismatch.err().contains("Its classes, in label order: [Sandal, Shirt, Sneaker, Bag, Ankle boot]"), mismatch.err());

        Launcher.Result second = Launcher.run(env, "train", file.toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, second);
        assertTrue(second.err().contains("reusing the pretrained backbone"), second.err());
        JsonNode again = JSON.readTree(tmp.resolve("out/fmnist-transfer/training.json").toFile());
        assertEquals(report.get("result").get("test_accuracy").asDouble(), again.get("result").get("test_accuracy").asDouble(),
                "same config and seed, same result");
    }

    @Test
    void inputSmallerThanTheBackboneAcceptsFailsBeforeAnyWork() throws Exception {
        ObjectNode config = example("fmnist-transfer.json");
        ((ObjectNode) config.get("preprocessing")).put("height", 28).put("width", 28).put("resize", "resize");
        Launcher.Result r = Launcher.run("train", write(config, "small.json").toString(), "--out", tmp.resolve("out").toString());
        assertExit(2, r);
        assertTrue(r.err().contains("$.preprocessing.height (line"), r.err());
        assertTrue(r.err().contains("28 is smaller than resnet18 accepts. Allowed: 32 or more"), r.err());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void testFolderWithOtherClassesIsAClearError() throws Exception {
        imageFolder(tmp.resolve("train"), 1);
        Files.createDirectories(tmp.resolve("test/other"));
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", tmp.resolve("test/other/x.png").toFile());
        ObjectNode config = example("custom-30-class.json");
        ((ObjectNode) config.get("backbone")).put("weights", "none");
        ((ObjectNode) config.get("dataset")).put("path", "train").put("test_path", "test");
        ((ObjectNode) config.get("preprocessing")).put("height", 32).put("width", 32);
        Launcher.Result r = Launcher.run("train", write(config, "bad.json").toString(), "--out", tmp.resolve("out").toString());
        assertExit(2, r);
        // Found at validate, before any training, so with its place in the file.
        assertTrue(r.err().contains("bad.json: $.dataset.test_path (line ") && r.err().contains("): has the classes [other], but the training "
                + "folder has [class00"), r.err());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
    }

    /** The record of the quantization pass {@code name} in a quantized/report.json. */
    private static JsonNode pass(JsonNode report, String name) {
        for (JsonNode p : report.get("passes")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pass " + name + " in " + report.get("passes"));
    }
}
