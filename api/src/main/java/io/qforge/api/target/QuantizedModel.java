package io.qforge.api.target;

import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
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
}
