package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Parameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a graph on DJL's PyTorch engine, one batch at a time. Autograd flows through it: run it
 * inside a {@code GradientCollector} with parameters that require gradients to train. Outside
 * one, PyTorch records nothing. A plain inference pass runs channels-last, and
 * {@link #prepareInference} also folds batch norm for many passes; training and passes with hooks
 * run NCHW, op for op as the graph says (docs/architecture.md, "How the executor runs a graph").
 */
public final class GraphExecutor {

    private final Graph graph;
    private final OpKernel[] kernels;
    /** The kernels of a channels-last pass (see {@link Kernels#channelsLastOf}). */
    private final OpKernel[] channelsLastKernels;
    /** For each node, the inputs it is the last reader of (freed after it in inference mode). */
    private final List<List<String>> lastReads;

    public GraphExecutor(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("graph " + graph.name() + " has " + graph.inputs().size() + " inputs and "
                    + graph.outputs().size() + " outputs; the executor runs single-input, single-output graphs");
        }
        this.graph = graph;
        this.kernels = new OpKernel[graph.nodes().size()];
        this.channelsLastKernels = new OpKernel[kernels.length];
        Map<String, Integer> lastReader = new HashMap<>();
        for (int i = 0; i < kernels.length; i++) {
            Node node = graph.nodes().get(i);
            kernels[i] = Kernels.of(node);
            channelsLastKernels[i] = Kernels.channelsLastOf(node);
            for (String in : node.inputs()) {
                lastReader.put(in, i);
            }
        }
        this.lastReads = new ArrayList<>();
        for (int i = 0; i < kernels.length; i++) {
            lastReads.add(new ArrayList<>());
        }
        lastReader.forEach((tensor, reader) -> lastReads.get(reader).add(tensor));
    }

    public Graph graph() {
        return graph;
    }

    /** Runs one node alone, in inference mode: its output for {@code inputs} with the parameter values {@code param} gives by role. */
    public static NDArray runNode(Node node, List<NDArray> inputs, Function<String, NDArray> param) {
        return Kernels.of(node).apply(node, inputs, role -> node.param(role) == null ? null : param.apply(role), ForwardMode.INFERENCE);
    }

    /** The graph's output for {@code input} (N, C, H, W), on {@code input}'s manager. */
    public NDArray forward(Parameters parameters, NDArray input, ForwardMode mode) {
        return forward(parameters, input, mode, ExecutionHooks.NONE);
    }

    /** The graph's output for {@code input}, with {@code hooks} on every parameter and node output. */
    public NDArray forward(Parameters parameters, NDArray input, ForwardMode mode, ExecutionHooks hooks) {
        return run(parameters, null, input, mode, hooks, kernels.length);
    }

    /**
     * {@code parameters} prepared for many inference passes (batch norm folded, channels-last
     * weights), on a sub-manager of {@code manager}; close them when done.
     */
    public InferenceWeights prepareInference(Parameters parameters, NDManager manager) {
        return new InferenceWeights(graph, parameters, manager);
    }

    /** The graph's output for {@code input} in inference mode, with weights {@link #prepareInference prepared} for this graph. */
    public NDArray forward(InferenceWeights weights, NDArray input) {
        return run(null, weights, input, ForwardMode.INFERENCE, ExecutionHooks.NONE, kernels.length);
    }

    /**
     * Runs the first {@code count} nodes alone, in inference mode, for their hooks: what a layer
     * deep in the graph reads, without paying for the rest of the pass.
     */
    public void forwardPrefix(Parameters parameters, NDArray input, ExecutionHooks hooks, int count) {
        if (count < 0 || count > kernels.length) {
            throw new IllegalArgumentException("graph " + graph.name() + " has " + kernels.length + " nodes, not " + count);
        }
        NDArray out = run(parameters, null, input, ForwardMode.INFERENCE, hooks, count);
        if (out != null) {
            out.close();
        }
    }

    /** Runs the first {@code count} nodes; {@code weights}, when not null, stand in for {@code parameters}. */
    private NDArray run(Parameters parameters, InferenceWeights weights, NDArray input, ForwardMode mode, ExecutionHooks hooks, int count) {
        NDManager caller = input.getManager();
        String inputName = graph.inputs().get(0).name();
        String outputName = graph.outputs().get(0);
        try (NDManager scope = caller.newSubManager()) {
            // Everything computed from the input lands in this scope and is freed with it.
            input.tempAttach(scope);
            Map<String, NDArray> values = new HashMap<>();
            // A plain inference pass runs channels-last (faster convolutions, same values up to
            // rounding). With hooks, or in training, arrays stay NCHW as observers and PyTorch's
            // NCHW autograd have always seen them.
            boolean channelsLast = mode == ForwardMode.INFERENCE && hooks == ExecutionHooks.NONE;
            values.put(inputName, channelsLast ? ChannelsLast.of(input) : input);
            OpKernel[] kernels = channelsLast ? channelsLastKernels : this.kernels;
            for (int i = 0; i < count; i++) {
                Node node = graph.nodes().get(i);
                List<NDArray> inputs = new ArrayList<>(node.inputs().size());
                for (String in : node.inputs()) {
                    inputs.add(values.get(in));
                }
                NDArray out;
                if (weights == null) {
                    out = kernels[i].apply(node, inputs,
                            role -> node.param(role) == null ? null : hooks.parameter(node, role, parameters.get(node.param(role))), mode);
                } else {
                    out = weights.folded(node) ? inputs.get(0) : kernels[i].apply(node, inputs, role -> weights.parameter(node, role), mode);
                }
                values.put(node.name(), hooks.output(node, out));
                if (mode == ForwardMode.INFERENCE) {
                    for (String done : lastReads.get(i)) {
                        NDArray value = values.remove(done);
                        // An identity passes its input on as its output: the array lives on under that name.
                        boolean stillHeld = values.values().stream().anyMatch(v -> v == value);
                        if (!done.equals(inputName) && !done.equals(outputName) && !stillHeld) {
                            value.close();
                        }
                    }
                }
            }
            NDArray output = values.get(outputName);
            if (output == null) {
                return null;
            }
            output.attach(caller);
            return output;
        }
    }
}
