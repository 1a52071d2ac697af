package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.rules.SpecResolution;
import java.nio.file.Path;
import java.util.List;
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
        CalibrationConfig both = new CalibrationConfig(null, null, null, null, true, null, true, null).withDefaults();
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "dpuczdx8g: dpu-arithmetic", "plan", "calibrate",
                "dpuczdx8g: shift-limits", "adaround", "fast-finetune", "bias-correction", "dpuczdx8g: shift-limits (after bias correction)",
                "evaluate"), passes("DPU", true, both));
    }

    @Test
    void accumulatorBiasesRunOnceOnTheFinalParams() {
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "plan", "calibrate", "bias-correction",
                "onnxruntime-cpu: accumulator-bias", "evaluate"), passes("CPU", true));
        assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "plan", "calibrate", "onnxruntime-cpu: accumulator-bias",
                "evaluate"), passes("CPU", false));
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
