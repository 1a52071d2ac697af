package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.target.QuantizedModel;
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

    private final Map<String, ResolvedSpec> specs;
    private final Map<String, QuantParams> params;
    private final Map<String, QuantizedParameter> quantizedParameters;
    private final boolean ownsParameters;

    /** A parameter's quantized value, and the value and params it was made from. */
    record QuantizedParameter(NDArray source, QuantParams params, NDArray quantized) {}

    /** The simulation of every tensor in {@code specs}, each on its {@code params} with its spec's round mode. */
    public SimulatedQuantization(Map<String, ResolvedSpec> specs, Map<String, QuantParams> params) {
        this(specs, params, new HashMap<>(), true);
    }

    private SimulatedQuantization(Map<String, ResolvedSpec> specs, Map<String, QuantParams> params, Map<String, QuantizedParameter> quantized,
            boolean owns) {
        this.specs = specs;
        this.params = params;
        this.quantizedParameters = quantized;
        this.ownsParameters = owns;
    }

    /**
     * The simulation of {@code model} taking the quantized parameters from {@code shared}, and
     * adding to it, wherever a parameter's value and params are the ones it was made from: a pass
     * that changes one layer at a time quantizes only that layer again. Releasing it frees nothing;
     * the caller frees {@code shared}'s arrays.
     */
    static SimulatedQuantization sharing(QuantizedModel model, Map<String, QuantizedParameter> shared) {
        return new SimulatedQuantization(model.specs(), model.quantParams(), shared, false);
    }

    /** The simulation of a quantized model. */
    public static SimulatedQuantization of(QuantizedModel model) {
        return new SimulatedQuantization(model.specs(), model.quantParams());
    }

    /** The model input as the quantized model sees it. */
    public NDArray input(String inputName, NDArray x) {
        return specs.containsKey(inputName) ? quantize(inputName, x) : x;
    }

    @Override
    public NDArray parameter(Node node, String role, NDArray value) {
        String name = node.param(role);
        if (!specs.containsKey(name)) {
            return value;
        }
        QuantizedParameter known = quantizedParameters.get(name);
        if (known == null || known.source() != value || !known.params().equals(params.get(name))) {
            known = new QuantizedParameter(value, params.get(name), quantize(name, value));
            quantizedParameters.put(name, known);
        }
        return known.quantized();
    }

    @Override
    public NDArray output(Node node, NDArray output) {
        ResolvedSpec spec = specs.get(node.name());
        return spec != null && spec.kind() == TensorKind.ACTIVATION ? quantize(node.name(), output) : output;
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
        return FakeQuantization.apply(x, params.get(tensor), specs.get(tensor).roundMode());
    }

    /** Frees the cached quantized parameters, unless they are shared. */
    public void release() {
        if (ownsParameters) {
            quantizedParameters.values().forEach(q -> q.quantized().close());
            quantizedParameters.clear();
        }
    }
}
