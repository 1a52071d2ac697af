package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.CalibrationConfig;
import io.qforge.engine.config.run.CheckpointChoice;
import io.qforge.engine.config.run.LearningRateSchedule;
import io.qforge.engine.config.run.OptimizerKind;
import io.qforge.engine.config.run.TeacherSource;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.run.TrainingMode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantization-aware training on a DPU-quantized ResNet18 (16x16, hashed weights): it runs after
 * the DPU's shift limits in place of bias correction, trains the weights under the calibrated
 * params without moving them, gives the same result for the same seed, and refuses a target whose
 * params passes follow the trained values.
 */
class QuantizationAwareTrainingTest {

    @TempDir
    Path tmp;

    private static final CalibrationConfig CALIBRATION = new CalibrationConfig(2, 4, 1, 16, false, 3, false, 100, null, null);

    private QuantizationState state(NDManager manager, NDArray images, TeacherSource teacher) {
        Graph graph = TestEngine.ENGINE.get(ConfiguredBackbones.class).get("resnet18", Map.of()).build(new BackboneSpec(10, 3, 16, 16));
        ResolvedQuantizeConfig config = TestEngine.quantizeConfig(tmp, "{\"target_device\": \"DPU\"}");
        QuantizationState s = new QuantizationState(config, CALIBRATION, 0, new FixedImages(images), new FixedImages(images),
                Collections.nCopies(10, "c"), new Preprocessing(16, 16, List.of(0f), List.of(1f)), graph, HashedWeights.parameters(graph, manager),
                manager, Progress.silent());
        s.training = new TrainingConfig(TrainingMode.QAT, 2, 4, OptimizerKind.ADAM, 1e-3, 0.9, 0.0, LearningRateSchedule.COSINE, 0.0, true,
                CheckpointChoice.LAST, List.of(), null, teacher, 4.0, 0.5, true);
        s.augmentedTrain = new FixedImages(images);
        return s;
    }

    private List<String> run(QuantizationState s) {
        return PostTrainingPasses.run(s, PostTrainingPasses.standard(s.config, TestEngine.ENGINE.get(SpecResolution.class))).stream()
                .map(PassRecord::name).toList();
    }

    private static NDArray images(NDManager manager) {
        manager.getEngine().setRandomSeed(5);
        return manager.randomNormal(new Shape(8, 3, 16, 16));
    }

    @Test
    void qatTrainsTheWeightsUnderTheCalibratedParamsInPlaceOfBiasCorrection() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray images = images(manager);
            QuantizedModel ptq = DpuQuantizedTorchvision.of("resnet18", 16, images, tmp, manager, CALIBRATION).model();
            QuantizationState s = state(manager, images, TeacherSource.FLOAT_MODEL);
            assertEquals(List.of("fold-batch-norm", "cross-layer-equalization", "dpuczdx8g: dpu-arithmetic", "plan", "calibrate",
                    "dpuczdx8g: shift-limits", "quantization-aware-training", "evaluate"), run(s));
            QuantizedModel qat = s.model();
            assertEquals(ptq.quantParams(), qat.quantParams(), "the params stay as calibration and the shift limits left them");
            assertFalse(ptq.parameters().get("fc.weight").contentEquals(qat.parameters().get("fc.weight")), "the weights trained");
            assertEquals(2, s.qat.epochs().size());
            assertEquals(s.qat.testAccuracy(), s.evaluation.quantizedTop1(), "the model evaluated is the one trained");
            assertTrue(s.floatModel().parameters().get("fc.weight").contentEquals(ptq.parameters().get("fc.weight")),
                    "the float reference stays the model before training");

            QuantizationState again = state(manager, images, TeacherSource.FLOAT_MODEL);
            run(again);
            for (String name : qat.parameters().names()) {
                assertArrayEquals(qat.parameters().get(name).toFloatArray(), again.model().parameters().get(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void aTargetWhoseParamsFollowTheTrainedValuesIsRefused() {
        ParamsAdjustment valueScaled = new ParamsAdjustment() {
            @Override
            public String name() {
                return "max-scaled-head";
            }

            @Override
            public AdjustedParams apply(QuantizedModel model) {
                float max = model.parameters().get("fc.weight").abs().max().getFloat();
                return new AdjustedParams(Map.of("fc.weight", QuantParams.affine(max / 127, 0, -128, 127)), List.of());
            }
        };
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizationState s = state(manager, images(manager), null);
            s.training = null;
            run(s);
            s.training = state(manager, images(manager), null).training;
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> QuantizationAwareTraining.run(s, List.of(valueScaled), "value-scaled"));
            assertEquals("$.training.mode", e.location());
            assertTrue(e.detail().startsWith("qat cannot express the rules of target value-scaled: after training with frozen params, its params "
                    + "passes change 1 of them"), e.detail());
            assertTrue(e.detail().contains("max-scaled-head moved fc.weight"), e.detail());
        }
    }
}
