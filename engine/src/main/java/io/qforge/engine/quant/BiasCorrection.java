package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Empirical bias correction (REFERENCE.md §3, {@code include_bias_corr}). Over the calibration
 * batches, the simulated-int model runs, and at each conv or linear err = its output with
 * quantized weights minus its output with float weights, both on the same (quantized) input;
 * the bias is lowered by the mean of err over N, H and W, per output channel. Rounding the
 * weights shifts a layer's mean output, since the rounding errors of a channel do not cancel;
 * this moves it back.
 *
 * <p>Each layer's err is its own weights' share: measuring the whole difference from the float
 * model instead would also count the upstream layers' errors, which their own corrections
 * already remove, and over-correct (on the Fashion-MNIST transfer model that cost 2.5 points).
 */
public final class BiasCorrection {

    private static final Set<String> LAYERS = Set.of(Ops.CONV2D, Ops.DEPTHWISE_CONV2D, Ops.LINEAR);

    /** The corrected model, and per corrected bias tensor the largest |correction|. */
    public record Result(FoldedModel model, Map<String, Double> largestShift) {}

    private BiasCorrection() {}

    public static Result apply(FoldedModel model, SimulatedQuantization simulated, BatchSource data, int batches, int batchSize,
            long seed, NDManager manager, Progress progress) {
        GraphExecutor executor = new GraphExecutor(model.graph());
        String input = model.graph().inputs().get(0).name();
        Map<String, Node> layers = new LinkedHashMap<>();
        for (Node n : model.graph().nodes()) {
            if (LAYERS.contains(n.op()) && n.param("bias") != null) {
                layers.put(n.name(), n);
            }
        }
        Set<String> layerInputs = new HashSet<>();
        layers.values().forEach(n -> layerInputs.add(n.inputs().get(0)));
        Map<String, ChannelMean> errors = new HashMap<>();
        List<int[]> order = BatchSource.epochOrder(data.size(), batchSize, true, seed, 0);
        int used = Math.min(batches, data.size() / batchSize);
        progress.start("bias correction", (long) used * batchSize);
        for (int i = 0; i < used; i++) {
            try (NDManager scope = manager.newSubManager(); Batch b = data.batch(order.get(i), scope, false, 0)) {
                // The quantized model's values that layers read; alive until their last reader has run.
                Map<String, NDArray> seen = new HashMap<>();
                NDArray x = simulated.input(input, b.inputs());
                seen.put(input, x);
                executor.forward(model.parameters(), x, ForwardMode.INFERENCE, simulated.observing((node, q) -> {
                    Node layer = layers.get(node.name());
                    if (layer != null) {
                        errors.computeIfAbsent(node.name(), k -> new ChannelMean()).add(weightError(layer, seen.get(layer.inputs().get(0)),
                                model.parameters(), simulated, scope));
                    }
                    if (layerInputs.contains(node.name())) {
                        seen.put(node.name(), q);
                    }
                })).close();
                progress.advance(b.labels().length, "");
            }
        }
        Parameters corrected = model.parameters();
        Map<String, Double> shifts = new LinkedHashMap<>();
        for (Node node : layers.values()) {
            ChannelMean error = errors.get(node.name());
            if (error == null) {
                continue;
            }
            String bias = node.param("bias");
            NDArray b = corrected.get(bias);
            double[] mean = error.mean();
            corrected = corrected.with(bias, b.sub(b.getManager().create(mean).toType(b.getDataType(), false)));
            shifts.put(bias, IntStream.range(0, mean.length).mapToDouble(c -> Math.abs(mean[c])).max().orElse(0));
        }
        progress.finish(String.format(Locale.ROOT, "%d biases corrected", shifts.size()));
        return new Result(new FoldedModel(model.graph(), corrected), shifts);
    }

    /**
     * Per output channel, the sum over N, H, W of the layer's output with (quantized - float)
     * weights and no bias on {@code input}, and how many values each channel summed.
     */
    private static ChannelSum weightError(Node layer, NDArray input, Parameters parameters, SimulatedQuantization simulated, NDManager scope) {
        NDArray w = parameters.get(layer.param("weight"));
        NDArray delta = simulated.parameter(layer, "weight", w).sub(w);
        NDArray noBias = parameters.get(layer.param("bias")).zerosLike();
        NDArray out = GraphExecutor.runNode(layer, List.of(input), role -> role.equals("weight") ? delta : noBias);
        int[] axes = IntStream.range(0, out.getShape().dimension()).filter(a -> a != 1).toArray();
        NDArray sums = out.toType(DataType.FLOAT64, false).sum(axes);
        double[] values = sums.toDoubleArray();
        long positions = out.getShape().size() / values.length;
        delta.close();
        noBias.close();
        out.close();
        sums.close();
        return new ChannelSum(values, positions);
    }

    private record ChannelSum(double[] sums, long positions) {}

    /** A running mean of err per channel over every N x H x W position seen. */
    private static final class ChannelMean {
        private double[] sums;
        private long positions;

        void add(ChannelSum s) {
            if (sums == null) {
                sums = new double[s.sums().length];
            }
            for (int c = 0; c < sums.length; c++) {
                sums[c] += s.sums()[c];
            }
            positions += s.positions();
        }

        double[] mean() {
            double[] m = new double[sums.length];
            for (int c = 0; c < m.length; c++) {
                m[c] = sums[c] / positions;
            }
            return m;
        }
    }
}
