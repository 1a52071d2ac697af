package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.quant.QuantParams;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a target's params passes run: a pass that bias correction must see (the DPU's shifter
 * limits) right after calibration and again after bias correction; a pass that only puts values on
 * an export grid (ONNX Runtime's accumulator biases) once, on the final params, bias correction or
 * not; AdaRound and fast finetune, when asked, after the target's params and before bias correction.
 */
class PostTrainingPassesTest {

    @TempDir
    Path tmp;

    @Test
    void theDpuShiftLimitsRunBeforeAndAfterBiasCorrection() {
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "dpuczdx8g: dpu-arithmetic", "plan", "calibrate",
                "dpuczdx8g: shift-limits", "bias-correction", "dpuczdx8g: shift-limits (after bias correction)", "evaluate"), passes("DPU", true));
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "dpuczdx8g: dpu-arithmetic", "plan", "calibrate",
                "dpuczdx8g: shift-limits", "evaluate"), passes("DPU", false));
    }

    @Test
    void adaRoundAndFastFinetuneRunOnTheTargetsParamsBeforeBiasCorrection() {
        CalibrationConfig both = new CalibrationConfig(null, null, null, null, true, null, true, null, null, null).withDefaults();
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "dpuczdx8g: dpu-arithmetic", "plan", "calibrate",
                "dpuczdx8g: shift-limits", "adaround", "fast-finetune", "bias-correction", "dpuczdx8g: shift-limits (after bias correction)",
                "evaluate"), passes("DPU", true, both));
    }

    @Test
    void accumulatorBiasesRunOnceOnTheFinalParamsAndUint8ActivationsBeforeBiasCorrectionToo() {
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "plan", "calibrate", "onnxruntime-cpu: uint8-activations",
                "bias-correction", "onnxruntime-cpu: uint8-activations (after bias correction)", "onnxruntime-cpu: accumulator-bias", "evaluate"),
                passes("CPU", true));
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "plan", "calibrate", "onnxruntime-cpu: uint8-activations",
                "onnxruntime-cpu: accumulator-bias", "evaluate"), passes("CPU", false));
    }

    /**
     * docs/calibration.md: nothing is adjusted silently. A layer entry that names no node of the
     * model is a warning of the plan pass: in the log and in the pass's changes, which report.json
     * lists.
     */
    @Test
    void aLayerEntryThatMatchesNoNodeIsWarnedInTheLogAndTheReport() {
        ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp, """
                {"target_device": "CPU", "layer_quantize_config": [
                  {"layer_name": "fc", "overall_quantize_config": {"bit_width": 16}},
                  {"layer_name": "layer9.conv", "overall_quantize_config": {"bit_width": 16}},
                  {"layer_type": "torch.nn.Conv3d", "overall_quantize_config": {"bit_width": 16}}]}
                """);
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        QuantizationState state = new QuantizationState(config, CalibrationConfig.DEFAULTS, 0, null, null, List.of(), null, graph, null, null,
                new Progress(new PrintStream(log, true, StandardCharsets.UTF_8), false));
        List<QuantizationPass> plan = PostTrainingPasses.standard(config, TestEngine.ENGINE.get(SpecResolution.class)).stream()
                .filter(p -> p.name().equals("plan")).toList();
        List<PassRecord> records = PostTrainingPasses.run(state, plan);
        List<String> warnings = List.of(
                "warning: $.layer_quantize_config[1]: layer_name 'layer9.conv' matches no node of graph " + graph.name()
                        + ", so this entry changes nothing",
                "warning: $.layer_quantize_config[2]: layer_type 'torch.nn.Conv3d' matches no node of graph " + graph.name()
                        + ", so this entry changes nothing");
        assertEquals(warnings, records.get(0).changes());
        String printed = log.toString(StandardCharsets.UTF_8);
        warnings.forEach(w -> assertTrue(printed.contains(w), printed));
    }

    /**
     * change_concat_input_fix with change_pool_input_fix, as vai_q_pytorch does them: one walk from
     * the last node back, so a max pool after a concat gives its params to the concat's output and
     * then, through the concat, to the concat's inputs.
     */
    @Test
    void concatAndPoolInputFixWalkBackwardsSoAChainSharesTheLastOpsParams() {
        ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp,
                "{\"target_device\": \"DPU\", \"change_concat_input_fix\": true, \"change_pool_input_fix\": true}");
        Map<String, Object> conv = Map.of("kernel", List.of(1, 1));
        Graph graph = new Graph("chain", List.of(new GraphInput("input", new Shape(3, 4, 4))), List.of(
                new Node("a", Ops.CONV2D, List.of("input"), Map.of("weight", "a.weight"), conv),
                new Node("b", Ops.CONV2D, List.of("input"), Map.of("weight", "b.weight"), conv),
                new Node("cat", Ops.CONCAT, List.of("a", "b"), Map.of(), Map.of("axis", 1)),
                new Node("pool", Ops.MAX_POOL2D, List.of("cat"), Map.of(), Map.of("kernel", List.of(2, 2), "stride", List.of(2, 2)))),
                List.of("pool"), List.of(new ParameterSpec("a.weight", new Shape(2, 3, 1, 1), "normal", true),
                        new ParameterSpec("b.weight", new Shape(2, 3, 1, 1), "normal", true)));
        QuantizationState state = new QuantizationState(config, CalibrationConfig.DEFAULTS, 0, null, null, List.of(), null, graph, null, null,
                Progress.silent());
        state.plan = TestEngine.plan(graph, config, 0);
        state.params = new LinkedHashMap<>();
        int fp = 3;
        for (String tensor : state.plan.tensors().keySet()) {
            state.params.put(tensor, QuantParams.fixPosition(fp++, -128, 127));
        }
        QuantParams pool = state.params.get("pool");
        List<QuantizationPass> inputFix = PostTrainingPasses.standard(config, TestEngine.ENGINE.get(SpecResolution.class)).stream()
                .filter(p -> p.name().equals("input-fix")).toList();
        assertEquals(1, PostTrainingPasses.run(state, inputFix).size());
        for (String tensor : List.of("cat", "a", "b")) {
            assertEquals(pool, state.params.get(tensor), tensor);
        }
        assertEquals(QuantParams.fixPosition(3, -128, 127), state.params.get("input"), "the input feeds no concat or pool");
    }

    /** The passes that run for a bare config of {@code device} with the default calibration settings, in order. */
    private List<String> passes(String device, boolean biasCorrection) {
        return passes(device, biasCorrection, CalibrationConfig.DEFAULTS);
    }

    private List<String> passes(String device, boolean biasCorrection, CalibrationConfig calibration) {
        ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp,
                "{\"target_device\": \"" + device + "\", \"include_bias_corr\": " + biasCorrection + "}");
        QuantizationState state = new QuantizationState(config, calibration, 0, null, null, List.of(), null, null, null, null, null);
        return PostTrainingPasses.standard(config, TestEngine.ENGINE.get(SpecResolution.class)).stream()
                .filter(p -> p.enabled().test(state)).map(QuantizationPass::name).toList();
    }
}
