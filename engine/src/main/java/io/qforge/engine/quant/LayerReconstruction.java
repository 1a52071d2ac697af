package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ExecutionHooks;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Layer-by-layer reconstruction, the frame that fast finetune and AdaRound share. For each conv or
 * linear layer with quantized weights, in graph order, it collects on the calibration batches the
 * layer's input as the quantized model sees it (the layers before already reconstructed) and the
 * float model's output of the layer, after its fused activation; a {@link LayerStep} finds new
 * values for the layer's parameters; the quant params the step names are derived again from them,
 * the target's params passes run again, and the step is kept only if the mean squared error of
 * the logits against the float model's goes down (REFERENCE.md §3). That error is measured on a
 * fifth of the calibration batches that the steps never see, so that a step that only fits the
 * images it was made on is undone; the other batches make the steps. (With a single batch, it
 * does both.) One layer's samples are held at a time, never the network's activations.
 */
final class LayerReconstruction {

    private static final Set<String> LAYERS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);
    private static final Set<String> ACTIVATIONS = Set.of(Ops.RELU, Ops.RELU6, Ops.LEAKY_RELU);

    /** What a method does with one layer. */
    interface LayerStep {
        /** New values, by role ({@code weight}, {@code bias}), for the layer's parameters, made on {@code manager}. */
        Map<String, NDArray> optimize(ReconstructedLayer layer, List<LayerSample> samples, NDManager manager);

        /** The roles whose quant params are derived again from their new values. */
        Set<String> recalibrated();
    }

    /** One calibration batch's view of a layer: its quantized input and the float model's output there. */
    record LayerSample(NDArray input, NDArray target) {}

    /**
     * What the pass did.
     *
     * @param changes one line per layer: its reconstruction error, the end-to-end error, and whether it was kept
     * @param layers how many layers were tried
     * @param kept how many were kept
     * @param peakSampleBytes the most bytes one layer's samples held
     * @param inputBytes the bytes of the cached calibration inputs and float logits
     */
    record Outcome(List<String> changes, int layers, int kept, long peakSampleBytes, long inputBytes) {}

    private LayerReconstruction() {}

    /**
     * Reconstructs every layer of {@code s} in turn with {@code step}, leaving the kept values in
     * {@code s.parameters} and their params in {@code s.params}. {@code targetPasses} re-runs the
     * target's params passes on the state.
     */
    static Outcome run(QuantizationState s, String label, LayerStep step, Consumer<QuantizationState> targetPasses) {
        if (s.floatParameters == null) {
            s.floatParameters = s.parameters;
        }
        FoldedModel floatModel = s.floatModel();
        GraphExecutor quantized = new GraphExecutor(s.graph);
        GraphExecutor reference = new GraphExecutor(floatModel.graph());
        List<Node> layers = s.graph.nodes().stream()
                .filter(n -> LAYERS.contains(n.op()) && s.plan.tensors().containsKey(n.param("weight")))
                .filter(n -> floatModel.graph().node(produced(s.graph, n)) != null).toList();
        List<String> changes = new ArrayList<>();
        int kept = 0;
        long peak = 0;
        // Quantized parameters, reused while a parameter's value and params stay; they land with their values.
        Map<String, SimulatedQuantization.QuantizedParameter> quantizedParameters = new HashMap<>();
        try (NDManager pass = s.manager.newSubManager()) {
            List<NDArray> batches = calibrationInputs(s, pass);
            // A fifth of the batches (at least one, when there are two or more) judge the steps, unseen by them.
            int judging = batches.size() >= 2 ? Math.max(1, batches.size() / 5) : 0;
            List<NDArray> inputs = batches.subList(0, batches.size() - judging);
            List<NDArray> checks = judging == 0 ? batches : batches.subList(batches.size() - judging, batches.size());
            List<NDArray> floatLogits = new ArrayList<>();
            for (NDArray x : checks) {
                floatLogits.add(reference.forward(floatModel.parameters(), x, ForwardMode.INFERENCE));
            }
            long inputBytes = bytes(batches) + bytes(floatLogits);
            double best = logitError(s, quantized, checks, floatLogits, quantizedParameters);
            s.progress.start(label, layers.size());
            for (Node node : layers) {
                try (NDManager scope = pass.newSubManager()) {
                    ReconstructedLayer layer = ReconstructedLayer.of(s, node, activationOf(s.graph, node));
                    List<LayerSample> samples = collect(s, quantized, reference, floatModel, layer, inputs, scope, quantizedParameters);
                    peak = Math.max(peak, samples.stream().mapToLong(x -> bytes(List.of(x.input(), x.target()))).sum());
                    double before = layer.error(samples, layer.values());
                    Map<String, NDArray> values = step.optimize(layer, samples, scope);
                    Map<String, NDArray> tried = new LinkedHashMap<>(layer.values());
                    tried.putAll(values);
                    double after = layer.error(samples, tried);
                    Parameters previousValues = s.parameters;
                    Map<String, QuantParams> previousParams = s.params;
                    Map<String, QuantParams> params = new LinkedHashMap<>(s.params);
                    for (Map.Entry<String, NDArray> e : values.entrySet()) {
                        String tensor = node.param(e.getKey());
                        s.parameters = s.parameters.with(tensor, e.getValue());
                        QuantTensor planned = s.plan.tensors().get(tensor);
                        if (planned != null && step.recalibrated().contains(e.getKey())) {
                            params.put(tensor, Calibration.parameter(planned, e.getValue()));
                        }
                    }
                    s.params = params;
                    targetPasses.accept(s);
                    double error = logitError(s, quantized, checks, floatLogits, quantizedParameters);
                    boolean keep = error < best;
                    changes.add(String.format(Locale.ROOT, "%s: layer MSE %.4g -> %.4g, logit MSE %.4g -> %.4g, %s", node.name(), before, after,
                            best, error, keep ? "kept" : "undone"));
                    if (keep) {
                        best = error;
                        kept++;
                        values.values().forEach(v -> v.attach(s.manager));
                        quantizedParameters.values().stream().filter(q -> values.containsValue(q.source()))
                                .forEach(q -> q.quantized().attach(s.manager));
                    } else {
                        s.parameters = previousValues;
                        s.params = previousParams;
                    }
                    s.progress.advance(1, node.name());
                }
            }
            s.progress.finish(String.format(Locale.ROOT, "%d of %d layers kept, logit MSE %.4g", kept, layers.size(), best));
            return new Outcome(changes, layers.size(), kept, peak, inputBytes);
        } finally {
            quantizedParameters.values().forEach(q -> q.quantized().close());
        }
    }

    /** The calibration batches' inputs, the same batches calibration saw. */
    private static List<NDArray> calibrationInputs(QuantizationState s, NDManager manager) {
        int batchSize = s.calibration.batchSize();
        List<int[]> order = BatchSource.epochOrder(s.train.size(), batchSize, true, s.seed, 0);
        int used = Math.min(s.calibration.batches(), s.train.size() / batchSize);
        List<NDArray> inputs = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            try (Batch b = s.train.batch(order.get(i), manager, false, 0)) {
                NDArray x = b.inputs().duplicate();
                x.attach(manager);
                inputs.add(x);
            }
        }
        return inputs;
    }

    /** The layer's quantized input and its float output (after the fused activation) on every batch. */
    private static List<LayerSample> collect(QuantizationState s, GraphExecutor quantized, GraphExecutor reference, FoldedModel floatModel,
            ReconstructedLayer layer, List<NDArray> inputs, NDManager scope, Map<String, SimulatedQuantization.QuantizedParameter> quantizedParameters) {
        Graph graph = s.graph;
        String inputName = graph.inputs().get(0).name();
        String read = layer.node().inputs().get(0);
        String produced = produced(graph, layer.node());
        int readers = graph.nodes().indexOf(layer.node());
        int producers = floatModel.graph().nodes().indexOf(floatModel.graph().node(produced)) + 1;
        List<LayerSample> samples = new ArrayList<>();
        SimulatedQuantization simulated = SimulatedQuantization.sharing(s.model(), quantizedParameters);
        for (NDArray x : inputs) {
            NDArray[] seen = new NDArray[2];
            try (NDManager batch = scope.newSubManager()) {
                NDArray in = simulated.input(inputName, x);
                if (in != x) {
                    in.attach(batch);
                }
                if (read.equals(inputName)) {
                    seen[0] = in.duplicate();
                } else {
                    quantized.forwardPrefix(s.parameters, in, simulated.observing((node, q) -> {
                        if (node.name().equals(read)) {
                            seen[0] = q.duplicate();
                            seen[0].attach(scope);
                        }
                    }), readers);
                }
                seen[0].attach(scope);
                reference.forwardPrefix(floatModel.parameters(), x, new ExecutionHooks() {
                    @Override
                    public NDArray output(Node node, NDArray output) {
                        if (node.name().equals(produced)) {
                            seen[1] = output.duplicate();
                            seen[1].attach(scope);
                        }
                        return output;
                    }
                }, producers);
            }
            samples.add(new LayerSample(seen[0], seen[1]));
        }
        simulated.release();
        return samples;
    }

    /** The mean squared error of the simulated model's logits against the float model's, over the batches. */
    private static double logitError(QuantizationState s, GraphExecutor quantized, List<NDArray> inputs, List<NDArray> floatLogits,
            Map<String, SimulatedQuantization.QuantizedParameter> quantizedParameters) {
        SimulatedQuantization simulated = SimulatedQuantization.sharing(s.model(), quantizedParameters);
        String inputName = s.graph.inputs().get(0).name();
        double sum = 0;
        long count = 0;
        for (int i = 0; i < inputs.size(); i++) {
            try (NDManager batch = s.manager.newSubManager()) {
                NDArray x = inputs.get(i);
                NDArray in = simulated.input(inputName, x);
                if (in != x) {
                    in.attach(batch);
                }
                NDArray out = quantized.forward(s.parameters, in, ForwardMode.INFERENCE, simulated);
                out.attach(batch);
                sum += out.sub(floatLogits.get(i)).square().sum().getFloat();
                count += out.size();
            }
        }
        simulated.release();
        return sum / count;
    }

    /** The node whose output the layer's float target is: its fused activation, or itself. */
    private static String produced(Graph graph, Node node) {
        Node activation = activationOf(graph, node);
        return activation != null ? activation.name() : node.name();
    }

    private static Node activationOf(Graph graph, Node node) {
        List<Node> readers = graph.consumers(node.name());
        return readers.size() == 1 && ACTIVATIONS.contains(readers.get(0).op()) ? readers.get(0) : null;
    }

    private static long bytes(List<NDArray> arrays) {
        return arrays.stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }
}
