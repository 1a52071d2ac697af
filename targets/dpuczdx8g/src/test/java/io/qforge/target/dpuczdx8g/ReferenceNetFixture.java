package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 9x9 network with every op the DPU runs, quantized by hand so that each hard case happens:
 * conv + ReLU6, a 3x3 average pool (7/64) whose output saturates, depthwise conv + leaky relu
 * (26/256), a pointwise conv, add, max pool, a 5x5 average pool (10/256), a concat of two fix
 * positions, a 5x5 global average pool, flatten and linear. conv1's bias is finer than its
 * accumulator (shift_bias -2).
 */
final class ReferenceNetFixture {

    static final int CONV1_BIAS_FIX = 12;

    private ReferenceNetFixture() {}

    static QuantizedModel model(NDManager manager) {
        List<Node> nodes = List.of(
                SmallNetFixture.conv("conv1", "input", 3, 8, 3, 1, 1),
                node("relu6", Ops.RELU6, Map.of(), "conv1"),
                node("avg3", Ops.AVG_POOL2D, Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1)), "relu6"),
                new Node("dw", Ops.DEPTHWISE_CONV2D, List.of("avg3"), Map.of("weight", "dw.weight", "bias", "dw.bias"),
                        Map.of("kernel", List.of(3, 3), "stride", List.of(2, 2), "pad", List.of(1, 1, 1, 1), "dilation", List.of(1, 1), "group", 8)),
                node("leaky", Ops.LEAKY_RELU, Map.of("alpha", 26f / 256f), "dw"),
                SmallNetFixture.conv("pw", "leaky", 8, 8, 1, 1, 0),
                node("add", Ops.ADD, Map.of(), "leaky", "pw"),
                node("maxpool", Ops.MAX_POOL2D, Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1)), "add"),
                node("avg5", Ops.AVG_POOL2D, Map.of("kernel", List.of(5, 5), "stride", List.of(1, 1), "pad", List.of(2, 2, 2, 2)), "add"),
                node("concat", Ops.CONCAT, Map.of("axis", 1), "maxpool", "avg5"),
                node("gap", Ops.GLOBAL_AVG_POOL, Map.of(), "concat"),
                node("flatten", Ops.FLATTEN, Map.of(), "gap"),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        List<ParameterSpec> specs = List.of(
                param("conv1.weight", 8, 3, 3, 3), param("conv1.bias", 8), param("dw.weight", 8, 1, 3, 3), param("dw.bias", 8),
                param("pw.weight", 8, 8, 1, 1), param("pw.bias", 8), param("fc.weight", 4, 16), param("fc.bias", 4));
        Graph graph = new Graph("reference-net", List.of(new GraphInput("input", new Shape(3, 9, 9))), nodes, List.of("fc"), specs);

        manager.getEngine().setRandomSeed(17);
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (ParameterSpec p : specs) {
            values.put(p.name(), manager.randomNormal(p.shape()).mul(p.name().endsWith("bias") ? 0.02f : 0.3f));
        }
        Map<String, ResolvedSpec> resolved = new LinkedHashMap<>();
        Map<String, QuantParams> params = new LinkedHashMap<>();
        Map<String, Integer> activations = new LinkedHashMap<>();
        activations.putAll(Map.of("input", 4, "relu6", 4, "avg3", 5, "leaky", 5, "pw", 4, "add", 4));
        activations.putAll(Map.of("maxpool", 4, "avg5", 5, "concat", 4, "gap", 5));
        activations.put("fc", 3);
        activations.forEach((tensor, fp) -> {
            resolved.put(tensor, SmallNetFixture.spec(tensor.equals("input") ? TensorKind.INPUT : TensorKind.ACTIVATION));
            params.put(tensor, QuantParams.fixPosition(fp, -128, 127));
        });
        for (String p : values.keySet()) {
            boolean bias = p.endsWith("bias");
            resolved.put(p, SmallNetFixture.spec(bias ? TensorKind.BIAS : TensorKind.WEIGHTS));
            params.put(p, QuantParams.fixPosition(p.equals("conv1.bias") ? CONV1_BIAS_FIX : bias ? 10 : 6, -128, 127));
        }
        return new QuantizedModel(graph, new Parameters(values), new Parameters(values), resolved, params, List.of("a", "b", "c", "d"),
                new Preprocessing(9, 9, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)));
    }

    private static Node node(String name, String op, Map<String, Object> attributes, String... inputs) {
        return new Node(name, op, List.of(inputs), Map.of(), attributes);
    }

    private static ParameterSpec param(String name, long... shape) {
        return new ParameterSpec(name, new Shape(shape), "normal", true);
    }

    static List<String> activations() {
        return new ArrayList<>(List.of("input", "relu6", "avg3", "leaky", "pw", "add", "maxpool", "avg5", "concat", "gap", "fc"));
    }
}
