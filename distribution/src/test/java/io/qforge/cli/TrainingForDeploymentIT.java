package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.MobileNetV2Backbone;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training modes distill and qat through bin/qforge on the real Fashion-MNIST, at small sizes: a
 * student learns from a teacher whose logits are cached or recomputed (the same weights either
 * way), and quantization-aware training runs in the quantize stage under the DPU's rules, its
 * result compiled and checked by the DPU integer model, the same seed giving the same params.
 */
class TrainingForDeploymentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot");
    private static final List<String> STUDENT_CLASSES = FASHION.subList(5, 10);

    @TempDir
    Path tmp;

    private static void assertExit(int expected, Launcher.Result r) {
        assertEquals(expected, r.exitCode(), "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    /** A checkpoint of {@code backbone} with generated weights, its JSON naming {@code classes}. */
    private Path checkpoint(Backbone backbone, String name, List<String> classes) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            return Checkpoints.write(tmp.resolve("weights"), name, ParameterInitializer.initialize(
                    backbone.build(new BackboneSpec(classes.size(), 3, 32, 32)), manager, 7), new CheckpointMetadata(backbone.name(), classes,
                    new Preprocessing(32, 32, List.of(0.286f), List.of(0.353f)), Map.of()));
        }
    }

    private ObjectNode config(String name, ObjectNode backbone, ObjectNode training) throws Exception {
        Files.copy(Launcher.REPO.resolve("examples/int8_config.json"), tmp.resolve("int8_config.json"), StandardCopyOption.REPLACE_EXISTING);
        ObjectNode c = JSON.createObjectNode().put("name", name).put("seed", 42);
        c.set("backbone", backbone);
        c.putObject("dataset").put("type", "fashion-mnist").put("classes", "5-9").put("samples_per_class", 4);
        ObjectNode pp = c.putObject("preprocessing").put("height", 32).put("width", 32).put("resize", "pad").put("grayscale_to_rgb", true);
        pp.putArray("mean").add(0.286);
        pp.putArray("std").add(0.353);
        c.set("training", training);
        c.putObject("calibration").put("batches", 2).put("batch_size", 8);
        c.put("quantization", "int8_config.json");
        c.putObject("target").put("type", "DPUCZDX8G").put("preset", "KV260");
        return c;
    }

    private Path write(ObjectNode config, String file) throws Exception {
        Path path = tmp.resolve(file);
        JSON.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), config);
        return path;
    }

    @Test
    void aStudentLearnsFromItsTeachersCachedOrRecomputedLogitsAlike() throws Exception {
        // The teacher knows all ten classes; the student learns five of them, and gets the teacher's logits of those five.
        Path teacher = checkpoint(new ResNet18Backbone(), "teacher", FASHION);
        ObjectNode training = JSON.createObjectNode().put("mode", "distill").put("epochs", 2).put("batch_size", 8).put("temperature", 3.0);
        training.putObject("teacher").put("type", "resnet18").put("weights", teacher.toString());
        training.putArray("compare").add("no-teacher");
        ObjectNode student = JSON.createObjectNode().put("type", "mobilenet_v2").put("weights", "none");
        Launcher.Result cached = Launcher.run("train", write(config("cached", student, training), "cached.json").toString(), "--out",
                tmp.resolve("out").toString());
        assertExit(0, cached);
        assertTrue(cached.err().contains("teacher resnet18: test accuracy"), cached.err());
        assertTrue(cached.err().contains("teacher resnet18 logits (train): 20 samples, in memory"), cached.err());
        JsonNode report = JSON.readTree(tmp.resolve("out/cached/training.json").toFile());
        assertEquals("distill", report.get("mode").asText());
        assertEquals("distilled student", report.get("result").get("label").asText());
        assertEquals(2, report.get("result").get("epochs").size());
        assertEquals("no-teacher student", report.get("comparisons").get("no-teacher").get("label").asText());
        assertTrue(report.get("teacher").get("logits_cached").asBoolean());
        assertEquals(teacher.toString(), report.get("teacher").get("weights").asText());

        training.put("cache_teacher_logits", false);
        training.remove("compare");
        Launcher.Result live = Launcher.run("train", write(config("live", student, training), "live.json").toString(), "--out",
                tmp.resolve("out").toString());
        assertExit(0, live);
        assertFalse(JSON.readTree(tmp.resolve("out/live/training.json").toFile()).get("teacher").get("logits_cached").asBoolean());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("out/cached/checkpoint/model.safetensors")),
                Files.readAllBytes(tmp.resolve("out/live/checkpoint/model.safetensors")),
                "without augmentation, cached and recomputed logits are the same logits: the same seed gives the same student");
    }

    @Test
    void aTeacherThatLacksTheDatasetsClassesIsRefusedAndLeavesNothingBehind() throws Exception {
        Path teacher = checkpoint(new ResNet18Backbone(), "two-class-teacher", FASHION.subList(0, 2));
        ObjectNode training = JSON.createObjectNode().put("mode", "distill").put("epochs", 1);
        training.putObject("teacher").put("type", "resnet18").put("weights", teacher.toString());
        ObjectNode student = JSON.createObjectNode().put("type", "mobilenet_v2").put("weights", "none");
        Launcher.Result r = Launcher.run("run", write(config("bad-teacher", student, training), "bad.json").toString(), "--out",
                tmp.resolve("out").toString());
        assertExit(2, r);
        assertTrue(r.err().contains("$.training.teacher: predicts the classes [T-shirt/top, Trouser] (from the checkpoint JSON of " + teacher
                + "), which lack [Sandal, Shirt, Sneaker, Bag, Ankle boot] of the dataset's classes"), r.err());
        assertFalse(Files.exists(tmp.resolve("out/bad-teacher/checkpoint")), "no half-written training");
    }

    @Test
    void quantizationAwareTrainingRunsUnderTheDpusRulesAndCompilesWhatItTrained() throws Exception {
        Path start = checkpoint(new MobileNetV2Backbone(), "float", STUDENT_CLASSES);
        ObjectNode backbone = JSON.createObjectNode().put("type", "mobilenet_v2").put("weights", start.toString());
        ObjectNode training = JSON.createObjectNode().put("mode", "qat").put("epochs", 1).put("batch_size", 8).put("learning_rate", 1e-4)
                .put("teacher", "float-model");
        Launcher.Result run = Launcher.run("run", write(config("qat", backbone, training), "qat.json").toString(), "--out",
                tmp.resolve("out").toString());
        assertExit(0, run);
        assertTrue(run.err().contains("quantization-aware training: "), run.err());
        assertTrue(run.err().contains("the float model teaching"), run.err());
        Path dir = tmp.resolve("out/qat");
        JsonNode quantized = JSON.readTree(dir.resolve("quantized/report.json").toFile());
        List<String> passes = StreamSupport.stream(quantized.get("passes").spliterator(), false).map(p -> p.get("name").asText()).toList();
        assertTrue(passes.indexOf("quantization-aware-training") > passes.indexOf("dpuczdx8g: dpu-shift-limits"), passes.toString());
        assertFalse(passes.contains("bias-correction"), "qat fits the biases itself: " + passes);
        assertEquals(1, quantized.get("qat").get("epochs").size());
        assertEquals(quantized.get("qat").get("test_accuracy").asDouble(), quantized.get("evaluation").get("quantized_top1").asDouble(), 1e-12,
                "the quantized model written is the one quantization-aware training tested");
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals("qat", report.get("training").get("comparisons").get("qat").get("label").asText(), "the report draws its curves");
        assertTrue(report.get("target").get("integer_check").get("agreement").asDouble() >= 0.999,
                "the DPU integer model computes what the trained model simulates: " + report.get("target").get("integer_check"));
        assertTrue(Files.exists(dir.resolve("compiled/mobilenet_v2_int.xmodel")));

        Launcher.Result again = Launcher.run("run", tmp.resolve("qat.json").toString(), "--out", tmp.resolve("out").toString());
        assertExit(0, again);
        assertTrue(again.err().contains("quantize: cached"), again.err());

        Launcher.Result train = Launcher.run("train", tmp.resolve("qat.json").toString(), "--out", tmp.resolve("out2").toString());
        assertExit(0, train);
        assertTrue(train.err().contains("mode qat: training the quantized model (the quantize stage)"), train.err());
        for (String file : List.of("quant_params.json", "folded.safetensors")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("quantized").resolve(file)), Files.readAllBytes(tmp.resolve("out2/qat/quantized").resolve(file)),
                    file + ": the same config and seed give the same quantization-aware training");
        }
    }
}
