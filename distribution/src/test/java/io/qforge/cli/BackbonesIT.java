package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every backbone qforge ships runs {@code qforge run} end to end, small: trained for one epoch (from
 * scratch, fine-tuned, or a new head on cached features, SqueezeNet's a 1x1 conv on a feature map) on
 * twenty Fashion-MNIST images of two classes, quantized, inspected and compiled for
 * the KV260's DPU (and, for the networks with depthwise convs and concat, for ONNX Runtime too),
 * and tuned by {@code qforge tune}; and a model trained outside qforge, an ONNX file, goes to both
 * targets as given, and is analyzed and tuned.
 */
class BackbonesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    private static final Path FASHION_LABELS = Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
    /** Trouser and Bag, with their Fashion-MNIST labels. */
    private static final Map<Integer, String> CLASSES = Map.of(1, "Trouser", 8, "Bag");
    private static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    @TempDir
    Path tmp;

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    @ParameterizedTest(name = "{0} for {1}, {2}")
    @CsvSource({"resnet34, DPUCZDX8G, scratch", "resnet50, DPUCZDX8G, scratch", "resnet101, DPUCZDX8G, fine-tune", "resnet152, DPUCZDX8G, scratch",
        "mobilenet_v2, DPUCZDX8G, scratch", "mobilenet_v2, onnxruntime-cpu, feature-extraction", "squeezenet1_1, DPUCZDX8G, feature-extraction",
        "squeezenet1_1, onnxruntime-cpu, scratch"})
    void torchvisionFamilyRunsEndToEnd(String backbone, String target, String mode) throws Exception {
        ObjectNode config = config(target);
        config.putObject("backbone").put("type", backbone).put("weights", "none");
        config.putObject("training").put("mode", mode).put("epochs", 1).put("batch_size", 8);
        Path out = tmp.resolve("out");
        Launcher.Result r = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "run",
                SmallRun.write(tmp.resolve("run.json"), config).toString(), "--out", out.toString());
        assertExit(0, r);
        assertTrue(r.out().contains("(train ran, quantize ran, compile ran)"), r.out());
        Path run = out.resolve("byo");
        JsonNode report = JSON.readTree(run.resolve("report.json").toFile());
        if (target.equals("DPUCZDX8G")) {
            Path xmodel = run.resolve("compiled/" + backbone + "_int.xmodel");
            String ops = new String(Files.readAllBytes(xmodel), StandardCharsets.ISO_8859_1);
            assertTrue(!backbone.equals("mobilenet_v2") || ops.contains("depthwise-conv2d"), "the xmodel holds depthwise-conv2d ops");
            assertTrue(!backbone.equals("squeezenet1_1") || ops.contains("concat"), "the xmodel holds concat ops");
            assertEquals(1.0, report.get("target").get("integer_check").get("agreement").asDouble(), 0.0,
                    "the DPU integer model computes the simulation's predictions: " + report.get("target").get("integer_check"));
            assertTrue(r.out().contains("subgraph (1 DPU, 0 CPU)"), "every layer runs on the DPU:\n" + r.out());
        } else {
            assertTrue(Files.exists(run.resolve("compiled/model_int8.onnx")));
            assertTrue(report.get("target").get("integer_check").get("agreement").asDouble() > 0.5, report.get("target").toString());
        }
        if (backbone.equals("squeezenet1_1")) {
            assertConcatInputsShareTheOutputsParams(run);
        }
        assertTunes(tmp.resolve("run.json"), out);
    }

    /** qforge tune on a small run: it scores trials, chooses one, and writes the config that reproduces it. */
    private void assertTunes(Path config, Path out) throws Exception {
        Launcher.Result tune = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "tune", config.toString(), "--out",
                out.toString(), "--max-drop", "0", "--trials", "2", "--images", "8");
        assertTrue(tune.exitCode() == 0 || tune.exitCode() == 4, tune.exitCode() + "\n" + tune.err());
        JsonNode tuning = JSON.readTree(out.resolve("byo/tune/tune.json").toFile());
        assertTrue(tuning.get("trials").size() >= 1 && tune.out().contains("chosen (*): "), tune.out());
        assertExit(0, Launcher.run("validate", out.resolve("byo/tune/int8_config.json").toString()));
    }

    /** With change_concat_input_fix, each Fire module's expand branches carry the quant params of their concat. */
    private static void assertConcatInputsShareTheOutputsParams(Path run) throws IOException {
        Map<String, JsonNode> params = new HashMap<>();
        for (JsonNode p : JSON.readTree(run.resolve("quantized/quant_params.json").toFile())) {
            params.put(p.get("tensor").asText(), p);
        }
        JsonNode cat = params.get("features.3.cat");
        for (String branch : List.of("features.3.expand1x1_activation", "features.3.expand3x3_activation")) {
            assertEquals(cat.get("fix_pos"), params.get(branch).get("fix_pos"), branch + " against " + cat);
        }
    }

    /** PyTorch's export of torchvision's mobilenet_v2 (10 Fashion-MNIST classes), used as given: no training, straight to both targets. */
    @Test
    void anOnnxModelTrainedElsewhereGoesToBothTargetsAsGiven() throws Exception {
        Path model = tmp.resolve("mobilenet_v2.onnx");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Launcher.REPO.resolve("plugins/onnx/src/test/resources/onnx/mobilenet_v2.onnx.gz")))) {
            Files.copy(in, model);
        }
        Launcher.Result summary = Launcher.run("summary", "--backbone", "onnx", "--option", "path=" + model, "--input", "3x32x32", "--classes", "10");
        assertExit(0, summary);
        // torchvision's 2,236,682 for 10 classes, less one per batch-norm channel (17,056): the exporter made each BN's scale and shift one conv bias.
        assertTrue(summary.out().contains("Total params: 2,219,626"), summary.out());
        for (String target : List.of("DPUCZDX8G", "onnxruntime-cpu")) {
            ObjectNode config = config(target);
            ObjectNode backbone = config.putObject("backbone").put("type", "onnx").put("path", model.toString());
            FASHION_CLASSES.forEach(backbone.putArray("classes")::add);
            config.putObject("training").put("mode", "none");
            Path out = tmp.resolve("out-" + target);
            Launcher.Result r = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "run",
                    SmallRun.write(tmp.resolve("onnx-" + target + ".json"), config).toString(), "--out", out.toString());
            assertExit(0, r);
            assertTrue(r.err().contains("no training (mode none); the model as given, 10 classes"), r.err());
            assertTrue(r.out().contains("(train ran, quantize ran, compile ran)"), r.out());
            JsonNode training = JSON.readTree(out.resolve("byo/training.json").toFile());
            assertEquals("none", training.get("mode").asText());
            assertEquals(FASHION_CLASSES.size(), training.get("class_names").size(), "the model's classes, not the dataset's two");
            assertTrue(Files.exists(out.resolve(target.equals("DPUCZDX8G") ? "byo/compiled/mobilenet_v2_int.xmodel" : "byo/compiled/model_int8.onnx")));
        }

        // qforge analyze on the ONNX backbone's quantization: every layer with quantized tensors.
        Path config = tmp.resolve("onnx-DPUCZDX8G.json");
        Launcher.Result analyze = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "analyze", config.toString(),
                "--out", tmp.resolve("out-DPUCZDX8G").toString(), "--images", "16");
        assertExit(0, analyze);
        assertTrue(analyze.out().contains("test images: float top-1") && analyze.out().contains("more layers in"), analyze.out());
        assertTrue(JSON.readTree(tmp.resolve("out-DPUCZDX8G/byo/analysis.json").toFile()).get("rows").size() > 50, "MobileNetV2's layers");
        assertTunes(config, tmp.resolve("out-DPUCZDX8G"));

        // The same weights as a plain safetensors file, with no JSON beside it: the config says what it needs.
        Path plain = Files.copy(tmp.resolve("out-DPUCZDX8G/byo/checkpoint/model.safetensors"), tmp.resolve("plain.safetensors"));
        Launcher.Result quantized = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "quantize", config.toString(),
                "--checkpoint", plain.toString(), "--out", tmp.resolve("out-plain").toString());
        assertExit(0, quantized);
        assertTrue(quantized.err().contains("float top-1"), quantized.err());
        // A JSON beside it that lacks a field is named, with the field.
        Files.writeString(tmp.resolve("plain.json"), "{\"backbone\": \"onnx\"}");
        Launcher.Result malformed = Launcher.run(Map.of("QFORGE_CACHE", tmp.resolve("cache").toString()), "quantize", config.toString(),
                "--checkpoint", plain.toString(), "--out", tmp.resolve("out-plain").toString());
        assertExit(2, malformed);
        assertTrue(malformed.err().contains("plain.json: has no 'class_names'"), malformed.err());
    }

    /** An ONNX file with ops qforge cannot read fails validation with every such node listed, exit code 2. */
    @Test
    void anOnnxModelWithForeignOpsIsRefusedNodeByNode() throws Exception {
        Path model = tmp.resolve("unsupported.onnx");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Launcher.REPO.resolve("plugins/onnx/src/test/resources/onnx/unsupported.onnx.gz")))) {
            Files.copy(in, model);
        }
        ObjectNode config = config("DPUCZDX8G");
        config.putObject("backbone").put("type", "onnx").put("path", model.toString());
        Launcher.Result r = Launcher.run("validate", SmallRun.write(tmp.resolve("unsupported.json"), config).toString());
        assertExit(2, r);
        for (String line : List.of("$.backbone.path", "has 3 nodes qforge cannot read", "(op_type Sigmoid", "(op_type Mul", "(op_type Softmax")) {
            assertTrue(r.err().contains(line), line + "\n" + r.err());
        }
    }

    /** A small run on twenty Fashion-MNIST images written as an image folder, quantized with the example config for {@code target}. */
    private ObjectNode config(String target) throws IOException {
        Path images = tmp.resolve("images");
        if (!Files.isDirectory(images)) {
            writeImages(images, 10);
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("name", "byo");
        config.putObject("dataset").put("type", "image-folder").put("path", images.toString()).put("test_fraction", 0.2);
        config.putObject("preprocessing").put("height", 32).put("width", 32).put("resize", "pad").put("grayscale_to_rgb", true)
                .<ObjectNode>set("mean", JSON.createArrayNode().add(0.286)).set("std", JSON.createArrayNode().add(0.353));
        boolean dpu = target.equals("DPUCZDX8G");
        ObjectNode quantization = SmallRun.exampleQuantization(dpu ? "int8_config.json" : "cpu_int8_config.json");
        quantization.put("change_concat_input_fix", true);
        config.set("quantization", quantization);
        config.putObject("calibration").put("batches", 1).put("batch_size", 8);
        ObjectNode t = config.putObject("target").put("type", target);
        if (dpu) {
            t.put("preset", "KV260");
        }
        return config;
    }

    /** The first {@code perClass} training images of each of {@link #CLASSES}, as 28x28 grayscale PNGs in a folder per class. */
    private static void writeImages(Path dir, int perClass) throws IOException {
        byte[] labels = idx(FASHION_LABELS);
        byte[] pixels = idx(FASHION_MNIST);
        Map<Integer, Integer> written = new HashMap<>();
        for (int i = 0; i < labels.length && written.values().stream().mapToInt(Integer::intValue).sum() < perClass * CLASSES.size(); i++) {
            int label = labels[i];
            if (!CLASSES.containsKey(label) || written.getOrDefault(label, 0) == perClass) {
                continue;
            }
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784));
            Path file = Files.createDirectories(dir.resolve(CLASSES.get(label))).resolve(i + ".png");
            ImageIO.write(image, "png", file.toFile());
            written.merge(label, 1, Integer::sum);
        }
    }

    /** The data of a gzipped IDX file: past its magic number and one 4-byte size per dimension. */
    private static byte[] idx(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            int dims = in.readInt() & 0xff;
            for (int d = 0; d < dims; d++) {
                in.readInt();
            }
            return in.readAllBytes();
        }
    }
}
