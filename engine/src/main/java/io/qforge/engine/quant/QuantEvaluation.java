package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.graph.Node;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ExecutionHooks;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.training.Loss;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Float against simulated-int on the test split: top-1 of each, the share of images where both
 * predict the same class, and per quantized activation the SQNR, 10 log10(sum f^2 / sum (f -
 * q)^2), of the quantized model's output against the float model's.
 */
public final class QuantEvaluation {

    /** The figures, with SQNR in dB by tensor. */
    public record Result(int images, double floatTop1, double quantizedTop1, double agreement, Map<String, Double> sqnrDb) {

        public double meanSqnrDb() {
            return sqnrDb.values().stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private QuantEvaluation() {}

    /**
     * Compares {@code floatModel} with the simulated-int model on {@code quantized}'s parameters (the same graph;
     * its biases may differ after bias correction), with the SQNR of each of {@code activations}.
     */
    public static Result run(FoldedModel floatModel, FoldedModel quantized, List<String> activations, SimulatedQuantization simulated,
            BatchSource test, int batchSize, NDManager manager, Progress progress) {
        GraphExecutor executor = new GraphExecutor(floatModel.graph());
        String input = floatModel.graph().inputs().get(0).name();
        Map<String, double[]> energy = new LinkedHashMap<>();
        activations.forEach(t -> energy.put(t, new double[2]));
        int floatCorrect = 0;
        int quantCorrect = 0;
        int agree = 0;
        progress.start("evaluation", test.size());
        for (int[] indices : BatchSource.epochOrder(test.size(), batchSize, false, 0, 0)) {
            try (NDManager scope = manager.newSubManager(); Batch b = test.batch(indices, scope, false, 0)) {
                Map<String, NDArray> reference = new HashMap<>();
                ExecutionHooks capture = new ExecutionHooks() {
                    @Override
                    public NDArray output(Node node, NDArray output) {
                        if (energy.containsKey(node.name())) {
                            NDArray copy = output.duplicate();
                            copy.attach(scope);
                            reference.put(node.name(), copy);
                        }
                        return output;
                    }
                };
                NDArray floatLogits = executor.forward(floatModel.parameters(), b.inputs(), ForwardMode.INFERENCE, capture);
                ExecutionHooks measure = simulated.observing((node, q) -> {
                    double[] e = energy.get(node.name());
                    if (e != null) {
                        NDArray f = reference.get(node.name());
                        e[0] += f.toType(DataType.FLOAT64, false).square().sum().getDouble();
                        e[1] += f.toType(DataType.FLOAT64, false).sub(q.toType(DataType.FLOAT64, false)).square().sum().getDouble();
                    }
                });
                NDArray quantLogits = executor.forward(quantized.parameters(), simulated.input(input, b.inputs()), ForwardMode.INFERENCE, measure);
                floatCorrect += Loss.correct(floatLogits, b.labels());
                quantCorrect += Loss.correct(quantLogits, b.labels());
                long[] fp = floatLogits.argMax(1).toType(DataType.INT64, false).toLongArray();
                long[] qp = quantLogits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < fp.length; i++) {
                    agree += fp[i] == qp[i] ? 1 : 0;
                }
                progress.advance(indices.length, "");
            }
        }
        Map<String, Double> sqnr = new LinkedHashMap<>();
        energy.forEach((name, e) -> sqnr.put(name, 10 * Math.log10(e[0] / e[1])));
        int n = test.size();
        Result r = new Result(n, (double) floatCorrect / n, (double) quantCorrect / n, (double) agree / n, sqnr);
        progress.finish(String.format(Locale.ROOT, "float %.2f%%, quantized %.2f%%, agreement %.2f%%", 100 * r.floatTop1(),
                100 * r.quantizedTop1(), 100 * r.agreement()));
        return r;
    }
}
