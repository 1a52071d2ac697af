package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.fixtures.FixedImages;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @TempDir
    Path tmp;

    private FoldedModel model;

    @BeforeEach
    void build() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        model = BatchNormFolding.apply(g, ParameterInitializer.initialize(g, arrays.get(), 9));
    }

    private QuantPlan plan(String json) {
        return TestEngine.plan(model.graph(), TestEngine.quantizeConfig(tmp, json), 0);
    }

    private Calibration.Result calibrate(QuantPlan plan, NDArray images, int batchSize) {
        return Calibration.run(model, plan, new FixedImages(images), 4, batchSize, 3, arrays.get(), Progress.silent());
    }

    @Test
    void theSameDataAndSeedGiveTheSameParams() throws Exception {
        for (String config : new String[] {"{\"target_device\": \"DPU\"}",
            "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"entropy\"}}"}) {
            QuantPlan plan = plan(config);
            NDArray images = arrays.get().randomNormal(new Shape(16, 3, 32, 32));
            assertEquals(calibrate(plan, images, 4).params(), calibrate(plan, images, 4).params(), config);
        }
    }

    @Test
    void accumulatedHistogramsReachTheHistogramMethodsAndLeaveWeightsAlone() throws Exception {
        QuantPlan plan = plan("{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"percentile\"}}");
        NDArray images = arrays.get().randomNormal(new Shape(16, 3, 32, 32));
        Map<String, QuantParams> perBatch = calibrate(plan, images, 4).params();
        Map<String, QuantParams> accumulated = Calibration.run(model, plan, new FixedImages(images), 4, 4, 3, true, arrays.get(), Progress.silent()).params();
        assertEquals(accumulated, Calibration.run(model, plan, new FixedImages(images), 4, 4, 3, true, arrays.get(), Progress.silent()).params());
        int changed = 0;
        for (QuantTensor t : plan.tensors().values()) {
            if (t.kind() == TensorKind.WEIGHTS) {
                assertEquals(perBatch.get(t.name()), accumulated.get(t.name()), t.name() + ": observed once, so the same either way");
            } else if (!perBatch.get(t.name()).equals(accumulated.get(t.name()))) {
                changed++;
            }
        }
        assertTrue(changed > 0, "one histogram over four batches gives other thresholds than the max of four");
    }

    @Test
    void aCalibrationSetSmallerThanOneBatchIsRefused() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> calibrate(plan("{\"target_device\": \"DPU\"}"), arrays.get().randomNormal(new Shape(3, 3, 32, 32)), 4));
        assertTrue(e.getMessage().startsWith("$.calibration.batch_size: the calibration set has 3 images, fewer than one batch of 4"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAndActivationsNameTheirTensor() throws Exception {
        NDArray images = arrays.get().randomNormal(new Shape(8, 3, 32, 32));
        model.parameters().get("layer2.0.conv1.weight").set(new NDIndex("0, 0, 0, 0"), Float.NaN);
        InvalidInputException weights = assertThrows(InvalidInputException.class, () -> calibrate(plan("{\"target_device\": \"DPU\"}"), images, 4));
        assertTrue(weights.getMessage().startsWith("layer2.0.conv1.weight: holds NaN"), weights.getMessage());

        build();
        images.set(new NDIndex("1, 0, 5, 5"), Float.POSITIVE_INFINITY);
        InvalidInputException activation = assertThrows(InvalidInputException.class,
                () -> calibrate(plan("{\"target_device\": \"DPU\", \"quantizable_data_type\": [\"activation\"]}"), images, 4));
        assertTrue(activation.getMessage().startsWith("relu: holds "), activation.getMessage());
    }
}
