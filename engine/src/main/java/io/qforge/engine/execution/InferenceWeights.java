package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Parameters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A graph's parameters prepared once for many inference passes with the same weights (an
 * evaluation, feature extraction, a benchmark): each batch norm that follows a convolution is folded
 * into it ({@link ConvolutionBatchNorm}), and convolution weights are channels-last
 * ({@link ChannelsLast}). Folding changes the logits by rounding only (ulps). The arrays are copies:
 * a training step that changes the parameters afterwards is not seen, so prepare again after one.
 * Close it to free the copies.
 */
public final class InferenceWeights implements AutoCloseable {

    private final Parameters parameters;
    private final NDManager manager;
    /** Folded weight and bias by convolution node name. */
    private final Map<String, Map<String, NDArray>> convolutions = new HashMap<>();
    private final Set<String> foldedBatchNorms = new HashSet<>();

    InferenceWeights(Graph graph, Parameters parameters, NDManager caller) {
        this.parameters = parameters;
        this.manager = caller.newSubManager();
        for (Node bn : graph.nodes()) {
            Node conv = ConvolutionBatchNorm.foldableConvolution(graph, bn);
            if (conv == null) {
                continue;
            }
            try (NDManager scratch = manager.newSubManager()) {
                // Intermediates of the arithmetic die with the scratch manager; the results move to this one.
                Set<String> lent = new HashSet<>();
                Function<String, NDArray> value = name -> lend(name, scratch, lent);
                Map<String, NDArray> folded = Map.of(
                        "weight", channelsLastUnlessPointwise(conv, ConvolutionBatchNorm.weight(conv, bn, value)),
                        "bias", ConvolutionBatchNorm.bias(conv, bn, value));
                folded.values().forEach(a -> a.attach(manager));
                convolutions.put(conv.name(), folded);
            }
            foldedBatchNorms.add(bn.name());
        }
    }

    /** 1x1 convolutions run in NCHW ({@link Kernels#channelsLastOf}), so their weights stay NCHW too. */
    private static NDArray channelsLastUnlessPointwise(Node conv, NDArray weight) {
        return Kernels.pointwiseConvolution(conv) ? weight : ChannelsLast.of(weight);
    }

    /** The parameter {@code name}, lent to {@code scratch} once (lending twice would not give it back to its owner). */
    private NDArray lend(String name, NDManager scratch, Set<String> lent) {
        NDArray a = parameters.get(name);
        if (lent.add(name)) {
            a.tempAttach(scratch);
        }
        return a;
    }

    /** Whether {@code node} is a batch norm folded into the convolution before it: it passes its input on. */
    boolean folded(Node node) {
        return foldedBatchNorms.contains(node.name());
    }

    /** The value {@code node} uses for {@code role}: the folded one for a folded convolution, else the parameter's; null when it has none. */
    NDArray parameter(Node node, String role) {
        Map<String, NDArray> conv = convolutions.get(node.name());
        if (conv != null) {
            return conv.get(role);
        }
        String name = node.param(role);
        return name == null ? null : parameters.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
