package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.execution.ExecutionHooks;
import java.util.Map;

/**
 * The simulated quantized model for training: every quantized parameter and activation is
 * fake-quantized on its frozen params with its spec's round mode, as {@link SimulatedQuantization}
 * does, but through {@link FakeQuantization#straightThrough}, so that gradients reach the float
 * values. Parameters are quantized on every pass, as training changes them in place.
 */
final class StraightThroughQuantization implements ExecutionHooks {

    private final Map<String, ResolvedSpec> specs;
    private final Map<String, QuantParams> params;
    /** The manager of the pass under way: the input's. */
    private NDManager scope;

    StraightThroughQuantization(Map<String, ResolvedSpec> specs, Map<String, QuantParams> params) {
        this.specs = Map.copyOf(specs);
        this.params = Map.copyOf(params);
    }

    /**
     * Starts a pass: the model input as the quantized model sees it (inputs take no gradient). The
     * pass's arrays belong to the input's manager, so that the batch frees them.
     */
    NDArray begin(String inputName, NDArray x) {
        scope = x.getManager();
        ResolvedSpec spec = specs.get(inputName);
        return spec == null ? x : FakeQuantization.apply(x, params.get(inputName), spec.roundMode());
    }

    @Override
    public NDArray parameter(Node node, String role, NDArray value) {
        String name = node.param(role);
        ResolvedSpec spec = specs.get(name);
        if (spec == null) {
            return value;
        }
        // Ops land in their first operand's manager: lent to the pass's, the parameter's results go when the batch does.
        scope.tempAttachAll(value);
        return FakeQuantization.straightThrough(value, params.get(name), spec.roundMode());
    }

    @Override
    public NDArray output(Node node, NDArray output) {
        ResolvedSpec spec = specs.get(node.name());
        return spec != null && spec.kind() == TensorKind.ACTIVATION
                ? FakeQuantization.straightThrough(output, params.get(node.name()), spec.roundMode()) : output;
    }
}
