package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small folded network with every op the export knows on the DPU path: conv + relu, max pool,
 * a residual add + relu, global average pool, flatten and linear, quantized with fix positions.
 */
public final class SmallNetFixture {

    private SmallNetFixture() {}

    public static Graph graph() {
        List<Node> nodes = List.of(
                conv("conv1", "input", 3, 8, 3, 2, 1),
                new Node("relu", Ops.RELU, List.of("conv1"), Map.of(), Map.of()),
                new Node("pool", Ops.MAX_POOL2D, List.of("relu"), Map.of(),
                        Map.of("kernel", List.of(2, 2), "stride", List.of(2, 2), "pad", List.of(0, 0, 0, 0))),
                conv("conv2", "pool", 8, 8, 3, 1, 1),
                new Node("add", Ops.ADD, List.of("conv2", "pool"), Map.of(), Map.of()),
                new Node("relu2", Ops.RELU, List.of("add"), Map.of(), Map.of()),
                new Node("gap", Ops.GLOBAL_AVG_POOL, List.of("relu2"), Map.of(), Map.of()),
                new Node("flatten", Ops.FLATTEN, List.of("gap"), Map.of(), Map.of()),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        List<ParameterSpec> params = List.of(
                new ParameterSpec("conv1.weight", new Shape(8, 3, 3, 3), "normal", true), new ParameterSpec("conv1.bias", new Shape(8), "zeros", true),
                new ParameterSpec("conv2.weight", new Shape(8, 8, 3, 3), "normal", true), new ParameterSpec("conv2.bias", new Shape(8), "zeros", true),
                new ParameterSpec("fc.weight", new Shape(4, 8), "normal", true), new ParameterSpec("fc.bias", new Shape(4), "zeros", true));
        return new Graph("smallnet", List.of(new GraphInput("input", new Shape(3, 16, 16))), nodes, List.of("fc"), params);
    }

    static Node conv(String name, String input, int in, int out, int k, int stride, int pad) {
        return new Node(name, Ops.CONV2D, List.of(input), Map.of("weight", name + ".weight", "bias", name + ".bias"),
                Map.of("kernel", List.of(k, k), "stride", List.of(stride, stride), "pad", List.of(pad, pad, pad, pad), "dilation", List.of(1, 1)));
    }

    /** The model with seeded random weights and a fix position per quantized tensor. */
    public static QuantizedModel model(NDManager manager) {
        Graph g = graph();
        manager.getEngine().setRandomSeed(3);
        Map<String, NDArray> values = new LinkedHashMap<>();
        g.parameters().values().forEach(p -> values.put(p.name(), manager.randomNormal(p.shape()).mul(0.1f)));
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        Map<String, QuantParams> params = new LinkedHashMap<>();
        List<String> activations = new ArrayList<>(List.of("input", "relu", "pool", "conv2", "relu2", "gap", "fc"));
        int fp = 4;
        for (String t : activations) {
            specs.put(t, spec(t.equals("input") ? TensorKind.INPUT : TensorKind.ACTIVATION));
            params.put(t, QuantParams.fixPosition(fp++ % 7 + 2, -128, 127));
        }
        for (String p : values.keySet()) {
            specs.put(p, spec(p.endsWith("bias") ? TensorKind.BIAS : TensorKind.WEIGHTS));
            params.put(p, QuantParams.fixPosition(7, -128, 127));
        }
        return new QuantizedModel(g, new Parameters(values), new Parameters(values), specs, params, List.of("a", "b", "c", "d"),
                new Preprocessing(16, 16, List.of(0.5f, 0.5f, 0.5f), List.of(0.25f, 0.25f, 0.25f)));
    }

    /** The DPU's spec of a {@code kind} tensor, with the built-in plugins it names. */
    static ResolvedSpec spec(TensorKind kind) {
        QuantSpec s = new QuantSpec(kind, 8, "diffs", kind == TensorKind.ACTIVATION ? "half_up" : "std_round", "power_of_two", true, false, true,
                false, "modal", 99.99);
        PluginCatalog plugins = TestOptions.CONTEXT.plugins();
        return new ResolvedSpec(s, plugins.find(Calibrator.class, s.method()).orElseThrow(), plugins.find(RoundMode.class, s.roundMode()).orElseThrow(),
                plugins.find(ScaleType.class, s.scaleType()).orElseThrow());
    }
}
