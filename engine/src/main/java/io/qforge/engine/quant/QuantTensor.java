package io.qforge.engine.quant;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;

/**
 * One tensor that is quantized.
 *
 * @param name the graph input, the node (for an activation) or the parameter
 * @param kind input, weights, bias or activation
 * @param node the node that produces or uses it
 * @param spec its resolved quant spec
 */
public record QuantTensor(String name, TensorKind kind, String node, QuantSpec spec) {}
