// Float forward throughput of qforge's graph executor on ResNet18, run as a single-file Java
// program against the assembled distribution's lib/ (see run.sh).
//
//   java -Dai.djl.offline=true -cp "DIST/lib/*" ForwardBenchmark.java BATCH SIZE WARMUP ITERATIONS
//
// Prints two JSON lines, the median and best images per second over the timed iterations:
// "qforge" with InferenceWeights prepared once (batch norm folded, channels-last weights), as
// evaluation and feature extraction run, and "qforge-unprepared", a plain forward call (input
// channels-last, batch norm as its own op), timed alternately in the same process.

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.execution.InferenceWeights;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

public class ForwardBenchmark {

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]);
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(1000, 3, size, size));
        GraphExecutor executor = new GraphExecutor(graph);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameters parameters = ParameterInitializer.initialize(graph, manager, 0);
            NDArray input = manager.randomNormal(new Shape(batch, 3, size, size));
            try (InferenceWeights weights = executor.prepareInference(parameters, manager)) {
                List<Function<NDArray, NDArray>> passes = List.of(x -> executor.forward(weights, x),
                        x -> executor.forward(parameters, x, ForwardMode.INFERENCE));
                // The two alternate pass by pass, so that both see the same load of a shared machine,
                // and take turns going first, so that neither always follows the other.
                double[][] seconds = new double[passes.size()][iterations];
                for (int i = -warmup; i < iterations; i++) {
                    for (int turn = 0; turn < passes.size(); turn++) {
                        int p = (i & 1) == 0 ? turn : passes.size() - 1 - turn;
                        long start = System.nanoTime();
                        try (NDArray out = passes.get(p).apply(input)) {
                            out.toFloatArray(); // wait for the result, as the peer's timing does
                        }
                        if (i >= 0) {
                            seconds[p][i] = (System.nanoTime() - start) / 1e9;
                        }
                    }
                }
                print("qforge", batch, size, seconds[0]);
                print("qforge-unprepared", batch, size, seconds[1]);
            }
        }
    }

    private static void print(String impl, int batch, int size, double[] seconds) {
        Arrays.sort(seconds);
        double median = seconds[seconds.length / 2];
        System.out.printf("{\"impl\": \"%s\", \"batch\": %d, \"size\": %d, \"median_img_s\": %.1f, \"best_img_s\": %.1f}%n",
                impl, batch, size, batch / median, batch / seconds[0]);
    }
}
