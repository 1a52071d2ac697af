package io.qforge.engine.quant;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.TensorSettings;
import io.qforge.engine.config.vitis.LayerQuantizeConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.config.vitis.ResolvedTensorConfig;
import io.qforge.engine.rules.SpecResolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tensors of a (folded) graph are quantized, and each one's spec. As on the DPU, a conv,
 * linear or add read only by an activation is fused with it: the quantizer sits after the
 * activation. Flatten and identity pass their input on unchanged and get none. A tensor's spec
 * is its kind's, overridden by every {@code layer_quantize_config} entry that names its node
 * ({@code layer_name}) or its op ({@code layer_type}: the IR op, or PyTorch's class such as
 * {@code torch.nn.Conv2d}), later entries winning.
 */
public final class QuantPlan {

    private static final Set<String> QUANTIZED_OUTPUTS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR, Ops.BATCH_NORM,
            Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU, Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL, Ops.ADD, Ops.CONCAT);
    private static final Set<String> FUSABLE = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR, Ops.ADD, Ops.BATCH_NORM);
    private static final Set<String> ACTIVATIONS = Set.of(Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU);
    private static final Map<String, String> TORCH_TYPES = Map.of(
            "torch.nn.Conv2d", Ops.CONV2D, "torch.nn.Linear", Ops.LINEAR, "torch.nn.ReLU", Ops.RELU, "torch.nn.ReLU6", Ops.RELU6,
            "torch.nn.MaxPool2d", Ops.MAX_POOL2D, "torch.nn.AvgPool2d", Ops.AVG_POOL2D, "torch.nn.AdaptiveAvgPool2d", Ops.GLOBAL_AVG_POOL,
            "torch.nn.BatchNorm2d", Ops.BATCH_NORM, "torch.nn.LeakyReLU", Ops.LEAKY_RELU);

    private final Map<String, QuantTensor> tensors;
    private final List<String> kept;
    private final List<String> unmatched;

    private QuantPlan(Map<String, QuantTensor> tensors, List<String> kept, List<String> unmatched) {
        this.tensors = tensors;
        this.kept = List.copyOf(kept);
        this.unmatched = List.copyOf(unmatched);
    }

    /**
     * The plan; with {@code keep_first_last_layer_accuracy} or {@code keep_add_layer_accuracy}
     * on, the tensors of the first and last conv or linear layer, or the outputs of the adds,
     * are quantized at {@code keepBitWidth} bits instead (0: never). Vitis AI accepts these keys
     * but never implemented them. {@code resolution} turns each spec's plugin names into the plugins.
     */
    public static QuantPlan of(Graph graph, ResolvedQuantizeConfig config, int keepBitWidth, SpecResolution resolution) {
        Set<TensorKind> kinds = Set.copyOf(config.quantizedKinds());
        Map<String, QuantTensor> out = new LinkedHashMap<>();
        if (kinds.contains(TensorKind.INPUT)) {
            for (GraphInput in : graph.inputs()) {
                out.put(in.name(), tensor(in.name(), TensorKind.INPUT, in.name(), config.byKind().get(TensorKind.INPUT), resolution));
            }
        }
        for (Node node : graph.nodes()) {
            // Weights, then bias, whatever order the node's map keeps, so that every run plans the same order.
            for (TensorKind kind : List.of(TensorKind.WEIGHTS, TensorKind.BIAS)) {
                String param = node.param(kind == TensorKind.WEIGHTS ? "weight" : "bias");
                if (param != null && kinds.contains(kind) && !node.op().equals(Ops.BATCH_NORM)) {
                    out.put(param, tensor(param, kind, node.name(), settings(node, kind, config), resolution));
                }
            }
            if (kinds.contains(TensorKind.ACTIVATION) && QUANTIZED_OUTPUTS.contains(node.op()) && !fused(graph, node)) {
                out.put(node.name(), tensor(node.name(), TensorKind.ACTIVATION, node.name(), settings(node, TensorKind.ACTIVATION, config), resolution));
            }
        }
        List<String> kept = new ArrayList<>();
        if (keepBitWidth > 0) {
            keep(graph, config, keepBitWidth, out, kept);
        }
        return new QuantPlan(out, kept, unmatchedEntries(graph, config));
    }

    /** One line per layer entry that names no node of {@code graph}, with its JSON path: such an entry changes nothing. */
    private static List<String> unmatchedEntries(Graph graph, ResolvedQuantizeConfig config) {
        List<LayerQuantizeConfig> layers = config.config().layerQuantizeConfig();
        List<String> out = new ArrayList<>();
        for (int i = 0; layers != null && i < layers.size(); i++) {
            LayerQuantizeConfig layer = layers.get(i);
            if (graph.nodes().stream().noneMatch(n -> matches(layer, n))) {
                String names = layer.layerName() != null ? "layer_name '" + layer.layerName() + "'" : "layer_type '" + layer.layerType() + "'";
                out.add(config.layerPath(i) + ": " + names + " matches no node of graph " + graph.name() + ", so this entry changes nothing");
            }
        }
        return out;
    }

    private static QuantTensor tensor(String name, TensorKind kind, String node, ResolvedTensorConfig settings, SpecResolution resolution) {
        TensorSettings s = settings.toSettings();
        return new QuantTensor(name, kind, node, resolution.resolve(s.spec(), s.location()), s);
    }

    private static void keep(Graph graph, ResolvedQuantizeConfig config, int bits, Map<String, QuantTensor> out, List<String> kept) {
        List<Node> layers = graph.nodes().stream().filter(n -> n.op().equals(Ops.CONV2D) || n.op().equals(Ops.LINEAR)).toList();
        List<Node> chosen = new ArrayList<>();
        if (Boolean.TRUE.equals(config.config().keepFirstLastLayerAccuracy()) && !layers.isEmpty()) {
            chosen.add(layers.get(0));
            chosen.add(layers.get(layers.size() - 1));
        }
        if (Boolean.TRUE.equals(config.config().keepAddLayerAccuracy())) {
            graph.nodes().stream().filter(n -> n.op().equals(Ops.ADD)).forEach(chosen::add);
        }
        for (Node n : chosen) {
            List<String> names = new ArrayList<>();
            for (String role : List.of("weight", "bias")) {
                if (n.param(role) != null) {
                    names.add(n.param(role));
                }
            }
            names.add(outputTensor(graph, n));
            for (String name : names) {
                QuantTensor t = out.get(name);
                if (t != null && t.spec().spec().bitWidth() < bits) {
                    out.put(name, t.withSpec(t.spec().withSpec(t.spec().spec().withBitWidth(bits))));
                    kept.add(name);
                }
            }
        }
    }

    /** The quantized tensor that carries {@code node}'s output: its own, or its fused activation's. */
    private static String outputTensor(Graph graph, Node node) {
        return fused(graph, node) ? graph.consumers(node.name()).get(0).name() : node.name();
    }

    /** Tensors quantized at the keep bit width, in plan order. */
    public List<String> kept() {
        return kept;
    }

    /** The layer entries that match no node, one warning line each (they would otherwise do nothing unseen). */
    public List<String> unmatchedEntries() {
        return unmatched;
    }

    private static boolean fused(Graph graph, Node node) {
        List<Node> readers = graph.consumers(node.name());
        return FUSABLE.contains(node.op()) && readers.size() == 1 && ACTIVATIONS.contains(readers.get(0).op());
    }

    /** The settings of {@code node}'s {@code kind} tensor: its kind's, overridden by every layer entry that matches the node. */
    private static ResolvedTensorConfig settings(Node node, TensorKind kind, ResolvedQuantizeConfig config) {
        ResolvedTensorConfig chosen = config.byKind().get(kind);
        List<LayerQuantizeConfig> layers = config.config().layerQuantizeConfig();
        if (layers != null) {
            for (int i = 0; i < layers.size(); i++) {
                if (matches(layers.get(i), node)) {
                    chosen = config.layers().get(i).get(kind);
                }
            }
        }
        return chosen;
    }

    private static boolean matches(LayerQuantizeConfig layer, Node node) {
        if (layer.layerName() != null) {
            return layer.layerName().equals(node.name());
        }
        String type = layer.layerType();
        return type != null && (type.equals(node.op()) || node.op().equals(TORCH_TYPES.get(type)));
    }

    /** The same plan with the specs of some tensors replaced, e.g. as a target adjusted them. */
    public QuantPlan withSpecs(Map<String, ResolvedSpec> specs) {
        Map<String, QuantTensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, specs.containsKey(name) ? t.withSpec(specs.get(name)) : t));
        return new QuantPlan(out, kept, unmatched);
    }

    /** The resolved spec of every tensor, by name, in plan order. */
    public Map<String, ResolvedSpec> specs() {
        Map<String, ResolvedSpec> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.spec()));
        return out;
    }

    public Map<String, QuantTensor> tensors() {
        return tensors;
    }

    public List<QuantTensor> ofKind(TensorKind kind) {
        List<QuantTensor> out = new ArrayList<>();
        tensors.values().stream().filter(t -> t.kind() == kind).forEach(out::add);
        return out;
    }
}
