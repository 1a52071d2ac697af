package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.execution.ExecutionHooks;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The simulated quantized model, as hooks on the float graph: every quantized parameter is
 * replaced by its fake-quantized value (computed once), every quantized activation is
 * fake-quantized as it is produced, and {@link #input} quantizes the model input. One graph thus
 * gives both the float and the simulated-int outputs.
 */
public final class SimulatedQuantization implements ExecutionHooks {

    private final QuantPlan plan;
    private final Map<String, QuantParams> params;
    private final Map<String, RoundMode> roundModes;
    private final Map<String, NDArray> quantizedParameters = new HashMap<>();

    /** {@code roundModes} maps each quantized tensor to its round mode plugin. */
    public SimulatedQuantization(QuantPlan plan, Map<String, QuantParams> params, Map<String, RoundMode> roundModes) {
        this.plan = plan;
        this.params = params;
        this.roundModes = roundModes;
    }

    /** The model input as the quantized model sees it. */
    public NDArray input(String inputName, NDArray x) {
        return plan.tensors().containsKey(inputName) ? quantize(inputName, x) : x;
    }

    @Override
    public NDArray parameter(Node node, String role, NDArray value) {
        String name = node.param(role);
        if (!plan.tensors().containsKey(name)) {
            return value;
        }
        return quantizedParameters.computeIfAbsent(name, n -> quantize(n, value));
    }

    @Override
    public NDArray output(Node node, NDArray output) {
        QuantTensor t = plan.tensors().get(node.name());
        return t != null && t.kind() == TensorKind.ACTIVATION ? quantize(node.name(), output) : output;
    }

    /** These hooks, telling {@code onOutput} each node's output as the quantized model sees it. */
    public ExecutionHooks observing(BiConsumer<Node, NDArray> onOutput) {
        return new ExecutionHooks() {
            @Override
            public NDArray parameter(Node node, String role, NDArray value) {
                return SimulatedQuantization.this.parameter(node, role, value);
            }

            @Override
            public NDArray output(Node node, NDArray output) {
                NDArray q = SimulatedQuantization.this.output(node, output);
                onOutput.accept(node, q);
                return q;
            }
        };
    }

    NDArray quantize(String tensor, NDArray x) {
        return FakeQuantization.apply(x, params.get(tensor), roundModes.get(tensor));
    }

    /** Frees the cached quantized parameters. */
    public void release() {
        quantizedParameters.values().forEach(NDArray::close);
        quantizedParameters.clear();
    }
}
