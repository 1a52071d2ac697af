package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.fixtures.FixedImages;
import io.qforge.engine.fixtures.HashedWeights;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.rules.SpecResolution;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A torchvision backbone with hashed weights, 10 classes, quantized by the standard passes with
 * the DPU config (no bias correction) on {@code calibration} (by default 2 batches of 2, or of 4
 * from 8 images): the quantized model and what each pass did.
 */
record DpuQuantizedTorchvision(QuantizedModel model, List<PassRecord> passes) {

    static DpuQuantizedTorchvision of(String arch, int size, NDArray calibration, Path tmp, NDManager manager) {
        return of(arch, size, calibration, tmp, manager, new CalibrationConfig(2, (int) calibration.getShape().get(0) / 2, 1, 16, false, 10, false, 1000, null, null));
    }

    /** The same with other calibration settings, e.g. fast finetune or AdaRound on. */
    static DpuQuantizedTorchvision of(String arch, int size, NDArray calibration, Path tmp, NDManager manager, CalibrationConfig calibrationConfig) {
        Graph graph = TestEngine.ENGINE.get(ConfiguredBackbones.class).get(arch, Map.of()).build(new BackboneSpec(10, 3, size, size));
        ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp, "{\"target_device\": \"DPU\", \"include_bias_corr\": false}");
        QuantizationState state = new QuantizationState(config, calibrationConfig, 0, new FixedImages(calibration),
                new FixedImages(calibration), Collections.nCopies(10, "c"), new Preprocessing(size, size, List.of(0f), List.of(1f)), graph,
                HashedWeights.parameters(graph, manager), manager, Progress.silent());
        List<PassRecord> passes = PostTrainingPasses.run(state, PostTrainingPasses.standard(config, TestEngine.ENGINE.get(SpecResolution.class)));
        return new DpuQuantizedTorchvision(state.model(), passes);
    }
}
