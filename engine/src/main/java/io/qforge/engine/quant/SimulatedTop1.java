package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Top-1 of a quantized model's simulation on the first images of a source, with only the tensors
 * a predicate accepts quantized (none: the float model), and the SQNR of its logits against a
 * reference evaluation's.
 *
 * @param top1 the share of images whose top class is their label
 * @param sqnrDb the logits' SQNR against the reference, infinite without one
 * @param logits each batch's logits, for later evaluations to compare with
 */
public record SimulatedTop1(double top1, double sqnrDb, List<float[]> logits) {

    public static SimulatedTop1 run(QuantizedModel model, GraphExecutor executor, BatchSource data, int n, int batchSize, NDManager manager,
            Predicate<String> quantized, SimulatedTop1 reference) {
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        model.specs().forEach((tensor, spec) -> {
            if (quantized.test(tensor)) {
                specs.put(tensor, spec);
            }
        });
        SimulatedQuantization simulated = new SimulatedQuantization(specs, model.quantParams());
        SimulatedTop1 result = evaluate(model, model.parameters(), simulated, executor, data, n, batchSize, manager, reference);
        simulated.release();
        return result;
    }

    /** The float model's top-1: the graph with the float model's values, nothing quantized. */
    public static SimulatedTop1 ofFloat(QuantizedModel model, GraphExecutor executor, BatchSource data, int n, int batchSize, NDManager manager) {
        SimulatedQuantization none = new SimulatedQuantization(Map.of(), model.quantParams());
        return evaluate(model, model.floatParameters(), none, executor, data, n, batchSize, manager, null);
    }

    private static SimulatedTop1 evaluate(QuantizedModel model, Parameters parameters, SimulatedQuantization simulated, GraphExecutor executor,
            BatchSource data, int n, int batchSize, NDManager manager, SimulatedTop1 reference) {
        String input = model.graph().inputs().get(0).name();
        int correct = 0;
        double signal = 0;
        double noise = 0;
        List<float[]> logits = new ArrayList<>();
        int seen = 0;
        for (int[] indices : BatchSource.epochOrder(n, batchSize, false, 0, 0)) {
            try (NDManager scope = manager.newSubManager(); Batch b = data.batch(indices, scope, false, 0)) {
                NDArray out = executor.forward(parameters, simulated.input(input, b.inputs()), ForwardMode.INFERENCE, simulated);
                float[] values = out.toFloatArray();
                long[] predicted = out.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == b.labels()[i] ? 1 : 0;
                }
                if (reference != null) {
                    float[] ref = reference.logits.get(logits.size());
                    for (int i = 0; i < values.length; i++) {
                        signal += (double) ref[i] * ref[i];
                        noise += (double) (ref[i] - values[i]) * (ref[i] - values[i]);
                    }
                }
                logits.add(values);
                seen += indices.length;
            }
        }
        double sqnr = reference == null || noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        return new SimulatedTop1((double) correct / seen, sqnr, logits);
    }
}
