// Float forward throughput of qforge's graph executor on ResNet18, run as a single-file Java
// program against the assembled distribution's lib/ (see run.sh).
//
//   java -Dai.djl.offline=true -cp "DIST/lib/*" ForwardBenchmark.java BATCH SIZE WARMUP ITERATIONS
//
// Prints two JSON lines, the median and best images per second over the timed iterations:
// "qforge" with InferenceWeights prepared once (batch norm folded, channels-last weights), as
// evaluation and feature extraction run, and "qforge-unprepared", a plain forward call.

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
                time("qforge", batch, size, warmup, iterations, x -> executor.forward(weights, x), input);
            }
            time("qforge-unprepared", batch, size, warmup, iterations, x -> executor.forward(parameters, x, ForwardMode.INFERENCE), input);
        }
    }

    private static void time(String impl, int batch, int size, int warmup, int iterations, Function<NDArray, NDArray> forward, NDArray input) {
        double[] seconds = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
            long start = System.nanoTime();
            try (NDArray out = forward.apply(input)) {
                out.toFloatArray(); // wait for the result, as the peer's timing does
            }
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        Arrays.sort(seconds);
        double median = seconds[iterations / 2];
        System.out.printf("{\"impl\": \"%s\", \"batch\": %d, \"size\": %d, \"median_img_s\": %.1f, \"best_img_s\": %.1f}%n",
                impl, batch, size, batch / median, batch / seconds[0]);
    }
}
