package io.qforge.api.target;

import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import java.util.List;
import java.util.Map;

/**
 * A float graph with its parameter values and the quant params of every quantized tensor: what a
 * target compiles.
 *
 * @param graph the (folded) float graph
 * @param parameters its parameter values, as quantized (after equalization and bias correction)
 * @param floatParameters the float model's values (folded, before bias correction), for a
 *     target that also exports the float model
 * @param specs the resolved spec of each quantized tensor, by tensor name
 * @param quantParams the calibrated params of each quantized tensor, by tensor name
 * @param classNames class names by label
 * @param preprocessing the input preprocessing
 */
public record QuantizedModel(
        Graph graph,
        Parameters parameters,
        Parameters floatParameters,
        Map<String, QuantSpec> specs,
        Map<String, QuantParams> quantParams,
        List<String> classNames,
        Preprocessing preprocessing) {

    public QuantizedModel {
        specs = Map.copyOf(specs);
        quantParams = Map.copyOf(quantParams);
        classNames = List.copyOf(classNames);
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
}
