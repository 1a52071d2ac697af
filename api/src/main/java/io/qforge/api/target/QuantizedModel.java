package io.qforge.api.target;

import io.qforge.api.RoundMode;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A float graph with its parameter values and the quant params of every quantized tensor: what a
 * target compiles, and what a target's {@link io.qforge.api.rules.ParamsAdjustment} adjusts.
 *
 * @param graph the (folded) float graph
 * @param parameters its parameter values, as quantized (after equalization and bias correction)
 * @param floatParameters the float model's values (folded, before bias correction), for a
 *     target that also exports the float model
 * @param specs the resolved spec of each quantized tensor, with its plugins, by tensor name
 * @param quantParams the calibrated params of each quantized tensor, by tensor name
 * @param classNames class names by label
 * @param preprocessing the input preprocessing
 * @param onnxOpsetVersion Vitis AI's {@code onnx_opset_version}: the ONNX opset a target that
 *     writes ONNX uses ({@link #DEFAULT_ONNX_OPSET} when the config does not set it)
 */
public record QuantizedModel(
        Graph graph,
        Parameters parameters,
        Parameters floatParameters,
        Map<String, ResolvedSpec> specs,
        Map<String, QuantParams> quantParams,
        List<String> classNames,
        Preprocessing preprocessing,
        int onnxOpsetVersion) {

    /** The opset when the config sets none: the first with per-axis QuantizeLinear and DequantizeLinear. */
    public static final int DEFAULT_ONNX_OPSET = 13;
    /** The opsets qforge accepts: from the first with per-axis QDQ to the last a built-in exporter was checked at with ONNX Runtime. */
    public static final int MIN_ONNX_OPSET = 13;
    public static final int MAX_ONNX_OPSET = 22;

    /** Activations a DPU-style quantizer fuses into the layer before them: the quantizer sits after the activation. */
    private static final Set<String> FUSED_ACTIVATIONS = Set.of(Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU);

    public QuantizedModel {
        specs = Map.copyOf(specs);
        quantParams = Map.copyOf(quantParams);
        classNames = List.copyOf(classNames);
    }

    /** A model exported at the default ONNX opset. */
    public QuantizedModel(Graph graph, Parameters parameters, Parameters floatParameters, Map<String, ResolvedSpec> specs,
            Map<String, QuantParams> quantParams, List<String> classNames, Preprocessing preprocessing) {
        this(graph, parameters, floatParameters, specs, quantParams, classNames, preprocessing, DEFAULT_ONNX_OPSET);
    }

    /** The same model with other params, e.g. after a target's adjustment. */
    public QuantizedModel withQuantParams(Map<String, QuantParams> params) {
        return new QuantizedModel(graph, parameters, floatParameters, specs, params, classNames, preprocessing, onnxOpsetVersion);
    }

    /** The same model exported at ONNX opset {@code version}. */
    public QuantizedModel withOnnxOpsetVersion(int version) {
        return new QuantizedModel(graph, parameters, floatParameters, specs, quantParams, classNames, preprocessing, version);
    }

    /** The round mode plugin of quantized tensor {@code tensor}. */
    public RoundMode roundMode(String tensor) {
        return specs.get(tensor).roundMode();
    }

    /**
     * The quantized tensor whose values {@code tensor} carries: itself, or what a flatten or
     * identity before it reads; null when there is none. A linear layer after a flatten reads the
     * quantized output of the pooling before it, for example.
     */
    public String quantizedSource(String tensor) {
        String t = tensor;
        while (!quantParams.containsKey(t)) {
            Node producer = graph.node(t);
            if (producer == null || !(producer.op().equals(Ops.FLATTEN) || producer.op().equals(Ops.IDENTITY))) {
                return null;
            }
            t = producer.inputs().get(0);
        }
        return t;
    }

    /**
     * The quantized tensor that holds {@code node}'s output: its own, or, when its only reader is a
     * relu, relu6 or leaky relu (fused with it), the activation's; null when neither is quantized.
     */
    public String outputTensor(Node node) {
        if (quantParams.containsKey(node.name())) {
            return node.name();
        }
        List<Node> readers = graph.consumers(node.name());
        if (readers.size() == 1 && FUSED_ACTIVATIONS.contains(readers.get(0).op()) && quantParams.containsKey(readers.get(0).name())) {
            return readers.get(0).name();
        }
        return null;
    }
}
