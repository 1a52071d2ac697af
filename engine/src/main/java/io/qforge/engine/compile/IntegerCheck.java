package io.qforge.engine.compile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.IntegerModel;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ExecutionHooks;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.FoldedModel;
import io.qforge.engine.quant.SimulatedQuantization;
import io.qforge.engine.training.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The target's integer model against the simulated-int model on the test split: top-1 of each and
 * how often they predict the same class. For each image where they part (the first
 * {@link #EXPLAINED}), the first quantized tensor, in graph order, where their integers differ,
 * and by how many steps at most.
 */
public final class IntegerCheck {

    static final int EXPLAINED = 20;

    /** The figures, and one line per explained disagreement. */
    public record Result(int images, double integerTop1, double simulatedTop1, double agreement, List<String> disagreements) {}

    private IntegerCheck() {}

    public static Result run(FoldedModel model, SimulatedQuantization simulated, Map<String, QuantParams> params, IntegerModel integer,
            BatchSource test, int batchSize, NDManager manager, Progress progress) {
        GraphExecutor executor = new GraphExecutor(model.graph());
        String input = model.graph().inputs().get(0).name();
        int intCorrect = 0;
        int simCorrect = 0;
        int agree = 0;
        int seen = 0;
        List<String> explained = new ArrayList<>();
        progress.start("integer check", test.size());
        for (int[] indices : BatchSource.epochOrder(test.size(), batchSize, false, 0, 0)) {
            try (NDManager scope = manager.newSubManager(); Batch b = test.batch(indices, scope, false, 0)) {
                NDArray sim = executor.forward(model.parameters(), simulated.input(input, b.inputs()), ForwardMode.INFERENCE,
                        hooks(simulated, null, scope));
                NDArray ints = integer.logits(b.inputs());
                intCorrect += Loss.correct(ints, b.labels());
                simCorrect += Loss.correct(sim, b.labels());
                long[] sp = sim.argMax(1).toType(DataType.INT64, false).toLongArray();
                long[] ip = ints.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < sp.length; i++) {
                    if (sp[i] == ip[i]) {
                        agree++;
                    } else if (explained.size() < EXPLAINED) {
                        NDArray one = b.inputs().get(i).expandDims(0);
                        explained.add("test image " + (seen + i) + ": simulation says class " + sp[i] + ", integer model " + ip[i] + "; "
                                + firstDivergence(executor, model, simulated, integer, params, one, input, scope));
                    }
                }
                seen += indices.length;
                progress.advance(indices.length, "");
            }
        }
        int n = test.size();
        Result r = new Result(n, (double) intCorrect / n, (double) simCorrect / n, (double) agree / n, explained);
        progress.finish(String.format(Locale.ROOT, "integer top-1 %.2f%%, simulation %.2f%%, agreement %.2f%%", 100 * r.integerTop1(),
                100 * r.simulatedTop1(), 100 * r.agreement()));
        return r;
    }

    private static String firstDivergence(GraphExecutor executor, FoldedModel model, SimulatedQuantization simulated, IntegerModel integer,
            Map<String, QuantParams> params, NDArray one, String input, NDManager scope) {
        Map<String, NDArray> simValues = new LinkedHashMap<>();
        simValues.put(input, simulated.input(input, one));
        executor.forward(model.parameters(), simValues.get(input), ForwardMode.INFERENCE, hooks(simulated, simValues, scope)).close();
        Map<String, NDArray> intValues = integer.quantizedTensors(one);
        if (intValues.isEmpty()) {
            return "the target does not expose its intermediate tensors";
        }
        for (Map.Entry<String, NDArray> e : intValues.entrySet()) {
            NDArray s = simValues.get(e.getKey());
            if (s == null) {
                continue;
            }
            float step = params.get(e.getKey()).scale(0);
            NDArray steps = e.getValue().sub(s).abs().div(step);
            long differing = steps.gt(0.5f).sum().getLong();
            if (differing > 0) {
                return String.format(Locale.ROOT, "they first differ at %s: %d of %d values, by up to %.0f step(s)", e.getKey(), differing,
                        steps.size(), steps.max().getFloat());
            }
        }
        return "no quantized tensor differs: the outputs tie within rounding";
    }

    /** The simulation's hooks; with {@code capture}, every quantized activation it produces is kept there. */
    private static ExecutionHooks hooks(SimulatedQuantization simulated, Map<String, NDArray> capture, NDManager scope) {
        if (capture == null) {
            return simulated;
        }
        return simulated.observing((node, q) -> {
            NDArray copy = q.duplicate();
            copy.attach(scope);
            capture.put(node.name(), copy);
        });
    }
}
