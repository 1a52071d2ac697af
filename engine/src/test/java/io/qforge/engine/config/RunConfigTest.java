package io.qforge.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.quant.TensorKind;
import io.qforge.engine.config.ConfigException.LocatedProblem;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.OptimizerKind;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.run.TrainingMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {

    private static final String MINIMAL = """
            {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images", "classes": [0, 1]}}
            """;

    @TempDir
    Path tmp;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    @Test
    void minimalRunConfigGetsDefaultsFromTheBackboneAndTheArticle() {
        ValidatedConfig c = files.load("my-run.json", MINIMAL);
        RunConfig run = c.run();
        assertEquals("my-run", run.name());
        assertEquals(42L, run.seed());
        assertEquals("none", run.backbone().weights().value());
        assertEquals(8, run.preprocessing().height());
        assertEquals(List.of(0.5f), run.preprocessing().mean());
        assertEquals(TrainingMode.FEATURE_EXTRACTION, run.training().mode());
        assertEquals(20, run.training().epochs());
        assertEquals(OptimizerKind.ADAM, run.training().optimizer());
        assertEquals(16, run.calibration().keepBitWidth());
        assertEquals("out", run.output().dir());
        assertEquals(List.of(0, 1), run.dataset().options().get("classes"));
        assertEquals("half_up", c.quantization().spec(TensorKind.ACTIVATION).roundMode());
    }

    @Test
    void quantizationInlineIsValidatedUnderItsPath() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "quantization": {"target_device": "DPU", "overall_quantize_config": {"per_channel": true}}}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("$.quantization.overall_quantize_config.per_channel", problems.get(0).path());
        assertTrue(problems.get(0).where().startsWith("line 2"), problems.get(0).where());
    }

    @Test
    void quantizationByPathLoadsAnExistingVitisFile() {
        files.write("int8_config.json", "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"percentile\"}}");
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "quantization": "int8_config.json"}
                """);
        assertEquals("percentile", c.quantization().spec(TensorKind.WEIGHTS).method());
        RunConfig printed = (RunConfig) c.withDefaults();
        assertEquals("CPU", printed.quantization().inline().targetDevice());
    }

    @Test
    void problemsInTheReferencedFileAreLocatedInThatFile() {
        Path vitis = files.write("int8_config.json", "{\"overall_quantize_config\": {\"bit_width\": 0}}");
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "quantization": "int8_config.json"}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(vitis.toString(), problems.get(0).file());
        assertEquals("$.overall_quantize_config.bit_width", problems.get(0).path());
    }

    @Test
    void missingReferencedFileIsNamed() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "quantization": "nope.json"}
                """);
        assertEquals("$.quantization", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("no Vitis AI config file at " + tmp.resolve("nope.json")));
    }

    @Test
    void unknownPluginNamesListTheInstalledOnes() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "resnet9000"}, "dataset": {"type": "tiny-images"}, "target": {"type": "TPU"}}
                """);
        assertEquals(List.of("$.backbone.type", "$.target.type"), problems.stream().map(LocatedProblem::path).toList());
        assertEquals("'resnet9000' is not a known backbone. Allowed: mobilenet_v2, onnx, resnet101, resnet152, resnet18, resnet34, resnet50, squeezenet1_1, tiny-net", problems.get(0).message());
        assertEquals("'TPU' is not a known target. Allowed: dpuczdx8g, onnxruntime-cpu", problems.get(1).message());
    }

    @Test
    void missingSectionsAreNamedWithTheInstalledPlugins() {
        List<LocatedProblem> problems = files.problems("{\"seed\": 1}");
        assertEquals(List.of("$.backbone", "$.dataset"), problems.stream().map(LocatedProblem::path).toList());
        assertTrue(problems.get(0).message().contains("\"backbone\": {\"type\": NAME}. Installed backbones: mobilenet_v2, onnx, resnet101, resnet152, resnet18, resnet34, resnet50, squeezenet1_1, tiny-net"),
                problems.get(0).message());
    }

    @Test
    void rangesAreCheckedWithTheAllowedValues() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net", "weights": "missing.safetensors"}, "dataset": {"type": "tiny-images"},
                 "training": {"epochs": 0, "learning_rate": -1.0, "label_smoothing": 1.0},
                 "preprocessing": {"mean": [0.5, 0.5, 0.5], "std": [0.2, 0.0, 0.2]},
                 "calibration": {"keep_bit_width": 64}}
                """);
        assertEquals(List.of("$.backbone.weights", "$.preprocessing.std[1]", "$.training.epochs",
                "$.training.learning_rate", "$.training.label_smoothing", "$.calibration.keep_bit_width"),
                problems.stream().map(LocatedProblem::path).toList());
    }

    @Test
    void badTrainingModeListsTheModes() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "training": {"mode": "distil"}}
                """);
        assertEquals("'distil' is not allowed. Allowed: feature-extraction, fine-tune, scratch, distill, qat, none", problems.get(0).message());
    }

    @Test
    void pretrainRecipeIsValidatedAndDefaultsToScratch() {
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net", "weights": {"pretrain": {"dataset": {"type": "tiny-images"}, "training": {"epochs": 2}}}},
                 "dataset": {"type": "tiny-images"}}
                """);
        assertEquals(TrainingMode.SCRATCH, c.run().backbone().weights().pretrain().training().mode());
        assertEquals(2, c.run().backbone().weights().pretrain().training().epochs());
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net", "weights": {"pretrain": {"dataset": {"type": "mnist"},
                   "training": {"mode": "fine-tune", "epochs": 0}}}},
                 "dataset": {"type": "tiny-images"}}
                """);
        assertEquals(List.of("$.backbone.weights.pretrain.dataset.type", "$.backbone.weights.pretrain.training.epochs",
                "$.backbone.weights.pretrain.training.mode"), problems.stream().map(LocatedProblem::path).toList());
        assertEquals("$.backbone.weights.pretrain.extra", files.problems("""
                {"backbone": {"type": "tiny-net", "weights": {"pretrain": {"dataset": {"type": "tiny-images"}}, "extra": 1}},
                 "dataset": {"type": "tiny-images"}}
                """).get(0).path().replace("$.backbone.weights.extra", "$.backbone.weights.pretrain.extra"));
    }

    @Test
    void weightsFileIsResolvedToAnAbsolutePath() {
        files.write("w.safetensors", "x");
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net", "weights": "w.safetensors"}, "dataset": {"type": "tiny-images"}}
                """);
        assertEquals(tmp.resolve("w.safetensors").toString(), c.run().backbone().weights().value());
    }

    @Test
    void inputSmallerThanTheBackboneAcceptsIsRejected() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "resnet18"}, "dataset": {"type": "tiny-images"}, "preprocessing": {"height": 28, "width": 28}}
                """);
        assertEquals(List.of("$.preprocessing.height", "$.preprocessing.width"), problems.stream().map(LocatedProblem::path).toList());
        assertEquals("28 is smaller than resnet18 accepts. Allowed: 32 or more; resize or pad the images to at least 32", problems.get(0).message());
    }

    @Test
    void randomBackboneComparisonNeedsFeatureExtraction() {
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "fine-tune", "compare": ["random-backbone"]}}
                """);
        assertEquals("$.training.compare", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("needs mode feature-extraction, not fine-tune"), problems.get(0).message());
    }

    @Test
    void distillationNeedsATrainedTeacherAndQatTheFloatOneOrAModel() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("teacher.safetensors"), "stands in for a file");
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "distill", "teacher": {"type": "tiny-net", "weights": "teacher.safetensors"}, "compare": ["no-teacher"]}}
                """);
        TrainingConfig t = c.run().training();
        assertEquals(tmp.resolve("teacher.safetensors").toString(), t.teacher().backbone().weights().value(), "made absolute");
        assertEquals(4.0, t.temperature());
        assertEquals(0.9, t.alpha());
        assertTrue(t.cacheTeacherLogits());
        assertTrue(files.load("qat.json", """
                {"backbone": {"type": "tiny-net", "weights": "teacher.safetensors"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "qat", "teacher": "float-model"}}
                """).run().training().teacher().isFloatModel());

        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "training": {"mode": "distill"}}
                """);
        assertEquals("$.training.teacher", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("is missing: mode distill trains a student on a teacher's softened logits"),
                problems.get(0).message());
        problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "distill", "teacher": "float-model", "temperature": 0, "alpha": 1.5}}
                """);
        assertEquals(List.of("$.training.temperature", "$.training.alpha", "$.training.teacher"),
                problems.stream().map(LocatedProblem::path).toList(), problems.toString());
        assertTrue(problems.get(2).message().contains("only mode qat has"), problems.get(2).message());
        problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "distill", "teacher": {"type": "tiny-net", "weights": "missing.safetensors"}}}
                """);
        assertEquals("$.training.teacher.weights", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("no weights file at " + tmp.resolve("missing.safetensors")), problems.get(0).message());
        problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"mode": "fine-tune", "compare": ["no-teacher"], "teacher": "float-model"}}
                """);
        assertEquals(List.of("$.training.compare", "$.training.teacher"), problems.stream().map(LocatedProblem::path).toList(), problems.toString());
        problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "training": {"mode": "qat", "compare": ["fine-tune"]}}
                """);
        assertEquals(List.of("$.backbone.weights", "$.training.compare"), problems.stream().map(LocatedProblem::path).toList(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("training mode qat starts from a trained float model"), problems.get(0).message());
        problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "training": {"mode": "distill", "teacher": "hot"}}
                """);
        assertEquals("$.training.teacher", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("\"hot\""), problems.get(0).message());
    }

    @Test
    void fineTuneSettingsOverlayTheTrainingSectionForTheComparisonOnly() {
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"learning_rate": 0.01, "batch_size": 16, "compare": ["fine-tune"],
                              "fine_tune": {"learning_rate": 0.001, "batch_size": 64}}}
                """);
        TrainingConfig t = c.run().training();
        assertEquals(0.01, t.learningRate());
        TrainingConfig f = t.fineTune().overlaidOn(t);
        assertEquals(TrainingMode.FINE_TUNE, f.mode());
        assertEquals(0.001, f.learningRate());
        assertEquals(64, f.batchSize());
        assertEquals(t.epochs(), f.epochs());
        List<LocatedProblem> problems = files.problems("""
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"},
                 "training": {"fine_tune": {"mode": "scratch", "learning_rate": -1.0}}}
                """);
        assertEquals(List.of("$.training.fine_tune.learning_rate", "$.training.fine_tune", "$.training.fine_tune"),
                problems.stream().map(LocatedProblem::path).toList());
    }

    @Test
    void datasetPathsAreRelativeToTheConfig() {
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images", "path": "images/train", "test_path": "../t", "classes": [1]}}
                """);
        assertEquals(tmp.resolve("images/train").toString(), c.run().dataset().options().get("path"));
        assertEquals(tmp.getParent().resolve("t").toString(), c.run().dataset().options().get("test_path"));
        assertEquals(List.of(1), c.run().dataset().options().get("classes"));
    }

    @Test
    void resolvedConfigLoadsAgainToTheSameResult() {
        ValidatedConfig first = files.load("run.json", MINIMAL);
        String printed = StrictJson.mapper().valueToTree(first.withDefaults()).toPrettyString();
        ValidatedConfig second = files.load("resolved.json", printed);
        assertEquals(printed, StrictJson.mapper().valueToTree(second.withDefaults()).toPrettyString());
    }

    @Test
    void withoutTargetDeviceTheRunsTargetGivesTheDefaults() {
        ValidatedConfig c = files.load("run.json", """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "target": {"type": "onnxruntime-cpu"}, "quantization": {}}
                """);
        assertEquals("onnxruntime-cpu", c.quantization().defaultsFrom().name());
        assertEquals("maxmin", c.quantization().spec(TensorKind.ACTIVATION).method());
        assertEquals(32, c.quantization().spec(TensorKind.BIAS).bitWidth());
        assertEquals(List.of(), c.quantization().adjustments(), "a target's own defaults need no adjustment");
    }

    @Test
    void aTargetListsWhatItWillChangeOrRefusesItWhenStrict() {
        String run = """
                {"backbone": {"type": "tiny-net"}, "dataset": {"type": "tiny-images"}, "target": {"type": "dpuczdx8g"%s},
                 "quantization": {"target_device": "CPU"}}
                """;
        ValidatedConfig c = files.load("run.json", run.formatted(""));
        assertEquals("onnxruntime-cpu", c.quantization().defaultsFrom().name(), "target_device CPU names the defaults");
        assertEquals("dpuczdx8g", c.quantization().runTarget().orElseThrow().name(), "the run's target adjusts every tensor");
        assertTrue(c.quantization().adjustments().contains("$.quantization.overall_quantize_config: target dpuczdx8g changes weights tensors' "
                + "scale_type float -> power_of_two: the DPU shifts by powers of two"), c.quantization().adjustments().toString());

        List<LocatedProblem> problems = files.problems(run.formatted(", \"strict\": true"));
        LocatedProblem scale = problems.stream().filter(p -> p.message().startsWith("scale_type float")).findFirst().orElseThrow();
        assertEquals("$.quantization.overall_quantize_config", scale.path());
        assertEquals("scale_type float is not accepted by target dpuczdx8g (strict): the DPU shifts by powers of two. Allowed: power_of_two "
                + "(this setting applies to input, weights, bias, activation tensors)", scale.message());
    }
}
