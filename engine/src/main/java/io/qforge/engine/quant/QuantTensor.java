package io.qforge.engine.quant;

import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.TensorSettings;

/**
 * One tensor that is quantized.
 *
 * @param name the graph input, the node (for an activation) or the parameter
 * @param kind input, weights, bias or activation
 * @param node the node that produces or uses it
 * @param spec its resolved spec, with its plugins; a target may have adjusted it
 * @param settings the config settings it was resolved from, with where each was written
 */
public record QuantTensor(String name, TensorKind kind, String node, ResolvedSpec spec, TensorSettings settings) {

    public QuantTensor withSpec(ResolvedSpec newSpec) {
        return new QuantTensor(name, kind, node, newSpec, settings);
    }
}
