package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.RoundMode;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.engine.execution.GraphExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One conv or linear layer under reconstruction: its node, the activation fused after it (or
 * null), and the state's current values, quant params and specs of its parameters.
 */
record ReconstructedLayer(Node node, Node activation, Map<String, NDArray> values, Map<String, QuantParams> params,
        Map<String, ResolvedSpec> specs, QuantParams outputParams) {

    static ReconstructedLayer of(QuantizationState s, Node node, Node activation) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        Map<String, QuantParams> params = new LinkedHashMap<>();
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        for (String role : List.of("weight", "bias")) {
            String tensor = node.param(role);
            if (tensor == null) {
                continue;
            }
            values.put(role, s.parameters.get(tensor));
            if (s.plan.tensors().containsKey(tensor)) {
                params.put(role, s.params.get(tensor));
                specs.put(role, s.plan.tensors().get(tensor).spec());
            }
        }
        String output = activation != null ? activation.name() : node.name();
        return new ReconstructedLayer(node, activation, values, params, specs, s.params.get(output));
    }

    /** {@code value} fake-quantized as the parameter of {@code role}, or as it is when that is not quantized. */
    NDArray quantized(String role, NDArray value) {
        QuantParams p = params.get(role);
        return p == null ? value : FakeQuantization.apply(value, p, roundMode(role));
    }

    RoundMode roundMode(String role) {
        return specs.get(role).roundMode();
    }

    /** The layer's output, after its fused activation, on {@code input} with the parameter values {@code param} gives. */
    NDArray forward(NDArray input, Function<String, NDArray> param) {
        NDArray out = GraphExecutor.runNode(node, List.of(input), param);
        return activation == null ? out : GraphExecutor.runNode(activation, List.of(out), role -> null);
    }

    /**
     * The mean over the samples of the mean squared error of the layer's output, with the parameter
     * values {@code raw} fake-quantized as the model would.
     */
    double error(List<LayerReconstruction.LayerSample> samples, Map<String, NDArray> raw) {
        double sum = 0;
        for (LayerReconstruction.LayerSample sample : samples) {
            try (NDManager step = sample.input().getManager().newSubManager()) {
                step.tempAttachAll(sample.input(), sample.target());
                raw.values().forEach(step::tempAttachAll);
                Map<String, NDArray> used = new LinkedHashMap<>();
                raw.forEach((role, value) -> used.put(role, quantized(role, value)));
                sum += forward(sample.input(), used::get).sub(sample.target()).square().mean().getFloat();
            }
        }
        return sum / samples.size();
    }
}
