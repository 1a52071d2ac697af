package io.qforge.engine.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Parameters;
import io.qforge.api.graph.ShapeInference;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphExecutorTest {

    private final Graph graph = new ResNet18Backbone().build(new BackboneSpec(10, 3, 32, 32));
    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = arrays.get();
    }

    private NDArray input(int batch) {
        return FormulaWeights.input(manager, new Shape(batch, 3, 32, 32));
    }

    @Test
    void outputHookSeesEveryNodeOnceInOrder() {
        List<String> seen = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        ExecutionHooks observe = new ExecutionHooks() {
            @Override
            public NDArray output(Node node, NDArray output) {
                seen.add(node.name());
                shapes.add(output.getShape());
                return output;
            }
        };
        new GraphExecutor(graph).forward(FormulaWeights.parameters(graph, manager), input(2), ForwardMode.INFERENCE, observe);
        assertEquals(graph.nodes().stream().map(Node::name).toList(), seen);
        assertEquals(ShapeInference.infer(graph, 2).get("layer3.0.conv1"), shapes.get(seen.indexOf("layer3.0.conv1")));
    }

    @Test
    void hooksCanReplaceOutputsAndParameters() {
        Parameters p = FormulaWeights.parameters(graph, manager);
        GraphExecutor executor = new GraphExecutor(graph);
        ExecutionHooks zeroHead = new ExecutionHooks() {
            @Override
            public NDArray parameter(Node node, String role, NDArray value) {
                return node.name().equals("fc") ? value.zerosLike() : value;
            }
        };
        assertArrayEquals(new float[20], executor.forward(p, input(2), ForwardMode.INFERENCE, zeroHead).toFloatArray());
        ExecutionHooks doubleFeatures = new ExecutionHooks() {
            @Override
            public NDArray output(Node node, NDArray output) {
                return node.name().equals("flatten") ? output.mul(2) : output;
            }
        };
        NDArray plain = executor.forward(p, input(2), ForwardMode.INFERENCE);
        NDArray doubled = executor.forward(p, input(2), ForwardMode.INFERENCE, doubleFeatures);
        NDArray bias = p.get("fc.bias");
        // fc(2x) - b = 2 (fc(x) - b)
        assertTrue(doubled.sub(bias).allClose(plain.sub(bias).mul(2), 1e-4, 1e-4, false));
    }

    @Test
    void trainingModeUpdatesRunningStatisticsWithPytorchsMomentum() {
        Parameters p = ParameterInitializer.initialize(graph, manager, 1);
        float[] before = p.get("bn1.running_mean").toFloatArray();
        NDArray x = input(4);
        // The batch mean of bn1's input, per channel: what PyTorch mixes in with momentum 0.1.
        List<float[]> conv1Out = new ArrayList<>();
        ExecutionHooks capture = new ExecutionHooks() {
            @Override
            public NDArray output(Node node, NDArray output) {
                if (node.name().equals("conv1")) {
                    // Hooks must not keep arrays (they are freed with the pass): copy the values out.
                    conv1Out.add(output.mean(new int[] {0}).mean(new int[] {1}).mean(new int[] {1}).toFloatArray());
                }
                return output;
            }
        };
        new GraphExecutor(graph).forward(p, x, ForwardMode.TRAINING, capture);
        float[] batchMean = conv1Out.get(0);
        float[] after = p.get("bn1.running_mean").toFloatArray();
        for (int c = 0; c < after.length; c++) {
            assertEquals(0.9f * before[c] + 0.1f * batchMean[c], after[c], 1e-5f, "channel " + c);
        }
    }

    @Test
    void autogradFlowsThroughTheWholeGraph() {
        Parameters p = ParameterInitializer.initialize(graph, manager, 1);
        for (String name : List.of("conv1.weight", "layer4.1.bn2.weight", "fc.weight")) {
            p.get(name).setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = new GraphExecutor(graph).forward(p, input(2), ForwardMode.TRAINING);
            collector.backward(out.square().sum());
        }
        for (String name : List.of("conv1.weight", "layer4.1.bn2.weight", "fc.weight")) {
            NDArray g = p.get(name).getGradient();
            assertEquals(p.get(name).getShape(), g.getShape());
            assertNotEquals(0f, g.abs().sum().getFloat(), name + " has a gradient");
        }
    }

    @Test
    void inferenceRecordsNoGradient() {
        Parameters p = ParameterInitializer.initialize(graph, manager, 1);
        p.get("fc.weight").setRequiresGradient(true);
        NDArray out = new GraphExecutor(graph).forward(p, input(1), ForwardMode.INFERENCE);
        assertFalse(out.hasGradient(), "no autograd graph behind an inference output");
    }

    @Test
    void initializationIsDeterministicPerSeed() {
        Parameters a = ParameterInitializer.initialize(graph, manager, 7);
        Parameters b = ParameterInitializer.initialize(graph, manager, 7);
        Parameters c = ParameterInitializer.initialize(graph, manager, 8);
        assertArrayEquals(a.get("layer1.0.conv1.weight").toFloatArray(), b.get("layer1.0.conv1.weight").toFloatArray());
        assertFalse(java.util.Arrays.equals(a.get("layer1.0.conv1.weight").toFloatArray(), c.get("layer1.0.conv1.weight").toFloatArray()));
        // kaiming normal, fan_out = 64 * 3 * 3: std sqrt(2 / 576)
        float[] w = a.get("layer1.0.conv1.weight").toFloatArray();
        double var = 0;
        for (float v : w) {
            var += v * v;
        }
        assertEquals(Math.sqrt(2.0 / 576), Math.sqrt(var / w.length), 0.002);
        float[] bias = a.get("fc.bias").toFloatArray();
        for (float v : bias) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(512), "fc.bias within 1/sqrt(fan_in)");
        }
    }
}
