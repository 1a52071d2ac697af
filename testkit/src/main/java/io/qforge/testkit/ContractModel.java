package io.qforge.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.qforge.api.Calibrator;
import io.qforge.api.QforgePlugin;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.TargetDevice;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The small network {@link TargetDeviceContract} compiles, quantized as qforge would quantize it for
 * a target, without the engine: every tensor gets the target's default spec, adjusted by the
 * target, calibrated by the spec's own calibrator on seeded random data, then the target's params
 * passes run. A target's own tests can use it too, e.g. to run an exported model on
 * {@link #inputs} and compare it with {@link #floatLogits}.
 *
 * <p>input 3x8x8 -> conv1 3x3 -> relu -> conv2 3x3 -> add (with relu) -> relu_1 -> global average
 * pool -> flatten -> fc (4 classes). As qforge's plan does, a conv read only by a relu is quantized
 * after the relu, and a conv read by an add at its own output.
 */
public final class ContractModel {

    public static final List<String> CLASSES = List.of("a", "b", "c", "d");
    public static final int BATCH = 16;
    private static final int WIDTH = 8;
    private static final Map<String, TensorKind> QUANTIZED = quantized();

    private ContractModel() {}

    public static Graph graph() {
        Map<String, Object> conv = Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1),
                "dilation", List.of(1, 1), "group", 1);
        List<Node> nodes = List.of(
                new Node("conv1", Ops.CONV2D, List.of("input"), Map.of("weight", "conv1.weight", "bias", "conv1.bias"), conv),
                new Node("relu", Ops.RELU, List.of("conv1"), Map.of(), Map.of()),
                new Node("conv2", Ops.CONV2D, List.of("relu"), Map.of("weight", "conv2.weight", "bias", "conv2.bias"), conv),
                new Node("add", Ops.ADD, List.of("conv2", "relu"), Map.of(), Map.of()),
                new Node("relu_1", Ops.RELU, List.of("add"), Map.of(), Map.of()),
                new Node("pool", Ops.GLOBAL_AVG_POOL, List.of("relu_1"), Map.of(), Map.of()),
                new Node("flatten", Ops.FLATTEN, List.of("pool"), Map.of(), Map.of("start_axis", 1, "end_axis", -1)),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        List<ParameterSpec> parameters = List.of(
                new ParameterSpec("conv1.weight", new Shape(WIDTH, 3, 3, 3), "kaiming_normal_fan_out", true),
                new ParameterSpec("conv1.bias", new Shape(WIDTH), "zeros", true),
                new ParameterSpec("conv2.weight", new Shape(WIDTH, WIDTH, 3, 3), "kaiming_normal_fan_out", true),
                new ParameterSpec("conv2.bias", new Shape(WIDTH), "zeros", true),
                new ParameterSpec("fc.weight", new Shape(CLASSES.size(), WIDTH), "linear_uniform", true),
                new ParameterSpec("fc.bias", new Shape(CLASSES.size()), "zeros", true));
        return new Graph("contractnet", List.of(new GraphInput("input", new Shape(3, 8, 8))), nodes, List.of("fc"), parameters);
    }

    private static Map<String, TensorKind> quantized() {
        Map<String, TensorKind> q = new LinkedHashMap<>();
        q.put("input", TensorKind.INPUT);
        for (String layer : List.of("conv1", "conv2", "fc")) {
            q.put(layer + ".weight", TensorKind.WEIGHTS);
            q.put(layer + ".bias", TensorKind.BIAS);
        }
        for (String activation : List.of("relu", "conv2", "relu_1", "pool", "fc")) {
            q.put(activation, TensorKind.ACTIVATION);
        }
        return q;
    }

    /** Seeded random inputs of one batch, N x 3 x 8 x 8. */
    public static NDArray inputs(NDManager m) {
        return gaussian(m, new Shape(BATCH, 3, 8, 8), 1f, 7);
    }

    /** The network quantized for {@code target} under its own rules. */
    public static QuantizedModel quantize(TargetDevice target, TargetOptions options, NDManager m) {
        QuantizationRules rules = target.quantizationRules(options);
        PluginCatalog plugins = options.context().plugins();
        Graph graph = graph();
        Parameters parameters = parameters(graph, m);
        Map<String, NDArray> values = forward(parameters, inputs(m));
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        Map<String, QuantParams> params = new LinkedHashMap<>();
        for (Map.Entry<String, TensorKind> t : QUANTIZED.entrySet()) {
            ResolvedSpec spec = rules.adjust(resolve(defaults(rules, target, t.getValue()), plugins)).accepted();
            specs.put(t.getKey(), spec);
            TensorObserver observer = spec.calibrator().newObserver(new CalibrationTarget(t.getKey(), spec.spec(), spec.roundMode(),
                    spec.scaleType(), t.getValue() == TensorKind.INPUT));
            observer.observe(parameters.contains(t.getKey()) ? parameters.get(t.getKey()) : values.get(t.getKey()));
            params.put(t.getKey(), observer.result());
        }
        QuantizedModel model = new QuantizedModel(graph, parameters, parameters, specs, params, CLASSES,
                new Preprocessing(8, 8, List.of(0.5f, 0.5f, 0.5f), List.of(0.25f, 0.25f, 0.25f)));
        for (ParamsAdjustment pass : rules.paramAdjustments()) {
            model = apply(pass, model);
        }
        return model;
    }

    /** The model with {@code pass}'s params. */
    static QuantizedModel apply(ParamsAdjustment pass, QuantizedModel model) {
        AdjustedParams adjusted = pass.apply(model);
        Map<String, QuantParams> merged = new LinkedHashMap<>(model.quantParams());
        merged.putAll(adjusted.params());
        return model.withQuantParams(merged);
    }

    static QuantSpec defaults(QuantizationRules rules, TargetDevice target, TensorKind kind) {
        return rules.defaults(kind).orElseThrow(() -> new AssertionError(target.name() + " gives no defaults for " + kind.configName()
                + " tensors; implement QuantizationRules.defaults so that configs without target_device work with it"));
    }

    static ResolvedSpec resolve(QuantSpec spec, PluginCatalog plugins) {
        return new ResolvedSpec(spec, plugin(plugins, Calibrator.class, spec.method()), plugin(plugins, RoundMode.class, spec.roundMode()),
                plugin(plugins, ScaleType.class, spec.scaleType()));
    }

    private static <T extends QforgePlugin> T plugin(PluginCatalog plugins, Class<T> spi, String name) {
        return plugins.find(spi, name).orElseThrow(() -> new AssertionError("the spec names the " + spi.getSimpleName() + " '" + name
                + "', which is not on the test class path"));
    }

    private static Parameters parameters(Graph graph, NDManager m) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        int seed = 1;
        for (ParameterSpec p : graph.parameters().values()) {
            float std = p.shape().dimension() == 1 ? 0.1f : (float) Math.sqrt(2.0 / (p.shape().size() / p.shape().get(0)));
            values.put(p.name(), gaussian(m, p.shape(), std, seed++));
        }
        return new Parameters(values);
    }

    /** The float model's logits for {@code input}, N x 4. */
    public static NDArray floatLogits(QuantizedModel model, NDArray input) {
        return forward(model.floatParameters(), input).get("fc");
    }

    /** Every node's float output for {@code input}, by name. */
    static Map<String, NDArray> forward(Parameters p, NDArray input) {
        Map<String, NDArray> v = new LinkedHashMap<>();
        v.put("input", input);
        Shape one = new Shape(1, 1);
        v.put("conv1", Conv2d.conv2d(input, p.get("conv1.weight"), p.get("conv1.bias"), one, one, one, 1).singletonOrThrow());
        v.put("relu", v.get("conv1").maximum(0f));
        v.put("conv2", Conv2d.conv2d(v.get("relu"), p.get("conv2.weight"), p.get("conv2.bias"), one, one, one, 1).singletonOrThrow());
        v.put("add", v.get("conv2").add(v.get("relu")));
        v.put("relu_1", v.get("add").maximum(0f));
        v.put("pool", v.get("relu_1").mean(new int[] {3}, true).mean(new int[] {2}, true));
        v.put("flatten", v.get("pool").reshape(input.getShape().get(0), -1));
        v.put("fc", v.get("flatten").matMul(p.get("fc.weight").transpose()).add(p.get("fc.bias")));
        return v;
    }

    private static NDArray gaussian(NDManager m, Shape shape, float std, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        return m.create(values, shape);
    }
}
