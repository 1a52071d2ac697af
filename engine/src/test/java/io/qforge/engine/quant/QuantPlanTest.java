package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.plugin.roundmode.HalfUpRound;
import io.qforge.plugin.roundmode.StdRound;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class QuantPlanTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @TempDir
    Path tmp;

    private ResolvedQuantizeConfig config(String json) {
        return TestEngine.quantizeConfig(tmp, json);
    }

    private Graph folded() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        return BatchNormFolding.apply(g, FormulaWeights.parameters(g, arrays.get())).graph();
    }

    @Test
    void dpuPlanQuantizesAfterFusedActivations() throws Exception {
        QuantPlan plan = TestEngine.plan(folded(), config("{\"target_device\": \"DPU\"}"), 0);
        assertEquals(1, plan.ofKind(TensorKind.INPUT).size());
        assertEquals(21, plan.ofKind(TensorKind.WEIGHTS).size());
        assertEquals(21, plan.ofKind(TensorKind.BIAS).size());
        assertFalse(plan.tensors().containsKey("conv1"), "conv1 is fused with its relu");
        assertTrue(plan.tensors().containsKey("relu"));
        assertFalse(plan.tensors().containsKey("layer1.0.add"), "the residual add is fused with relu_1");
        assertTrue(plan.tensors().containsKey("layer1.0.relu_1"));
        assertTrue(plan.tensors().containsKey("layer2.0.downsample.0"), "a conv read by an add is quantized at its output");
        assertFalse(plan.tensors().containsKey("flatten"));
        assertEquals("half_up", plan.tensors().get("relu").spec().spec().roundMode());
        assertEquals("std_round", plan.tensors().get("conv1.weight").spec().spec().roundMode());
    }

    @Test
    void layerEntriesOverrideByNameAndByType() throws Exception {
        QuantPlan plan = TestEngine.plan(folded(), config("""
                {"target_device": "CPU",
                 "layer_quantize_config": [
                   {"layer_type": "torch.nn.Conv2d", "tensor_quantize_config": {"weights": {"per_channel": true}}},
                   {"layer_name": "fc", "overall_quantize_config": {"bit_width": 16}}]}
                """), 0);
        assertTrue(plan.tensors().get("layer3.1.conv2.weight").spec().spec().perChannel());
        assertFalse(plan.tensors().get("fc.weight").spec().spec().perChannel());
        assertEquals(16, plan.tensors().get("fc.weight").spec().spec().bitWidth());
        assertEquals(16, plan.tensors().get("fc").spec().spec().bitWidth());
        assertEquals(8, plan.tensors().get("relu").spec().spec().bitWidth());
    }

    @Test
    void quantizableDataTypeLimitsTheKinds() throws Exception {
        QuantPlan plan = TestEngine.plan(folded(), config("{\"target_device\": \"CPU\", \"quantizable_data_type\": [\"weights\"]}"), 0);
        assertEquals(plan.tensors().size(), plan.ofKind(TensorKind.WEIGHTS).size());
    }

    @Test
    void fakeQuantizationFollowsTheGrid() {
        NDArray x = arrays.get().create(new float[] {-3f, -0.0625f, 0.03125f, 0.09375f, 5f});
        QuantParams p = QuantParams.fixPosition(4, -8, 7); // 4-bit grid, scale 1/16
        // half_up: 0.5 -> 1, 1.5 -> 2; -1 stays -1; clamps at -8 and 7
        assertArrayEquals(new float[] {-0.5f, -0.0625f, 0.0625f, 0.125f, 0.4375f},
                FakeQuantization.apply(x, p, new HalfUpRound()).toFloatArray());
        // std_round agrees on these points; the modes differ only on negative halves
        assertArrayEquals(new float[] {-0.5f, -0.0625f, 0.0625f, 0.125f, 0.4375f},
                FakeQuantization.apply(x, p, new StdRound()).toFloatArray());
    }

    @Test
    void fakeQuantizationPerChannelUsesEachChannelsScale() {
        NDArray w = arrays.get().create(new float[] {1f, 1f, 1f, 1f}, new Shape(2, 2));
        QuantParams p = QuantParams.perChannel(new QuantParams[] {QuantParams.affine(0.3f, 0, -128, 127),
            QuantParams.affine(0.5f, 0, -128, 127)}, 0);
        float[] q = FakeQuantization.apply(w, p, new StdRound()).toFloatArray();
        assertEquals(0.9f, q[0], 1e-6f); // 1 / 0.3 = 3.33 -> 3
        assertEquals(1.0f, q[2], 1e-6f); // 1 / 0.5 = 2
    }
}
