// One training step of ResNet18 through qforge's training path (TrainingStep, as Trainer runs it
// for every batch): forward in training mode, softmax cross-entropy, backward, Adam's update of
// every parameter. Run as a single-file Java program against the assembled distribution's lib/
// (see run.sh).
//
//   java -Dai.djl.offline=true -cp "DIST/lib/*" TrainBenchmark.java BATCH SIZE CLASSES WARMUP ITERATIONS
//
// Prints one JSON line: the median and best steps per second and images per second.

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.training.Forward;
import io.qforge.engine.training.TrainingStep;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

public class TrainBenchmark {

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int classes = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        Graph graph = new ResNet18Backbone().build(new BackboneSpec(classes, 3, size, size));
        Set<String> trainable = new HashSet<>();
        graph.parameters().values().stream().filter(ParameterSpec::trainable).forEach(p -> trainable.add(p.name()));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameters parameters = ParameterInitializer.initialize(graph, manager, 0);
            trainable.forEach(name -> parameters.get(name).setRequiresGradient(true));
            TrainingStep step = new TrainingStep(Forward.of(new GraphExecutor(graph)), parameters, trainable, ForwardMode.TRAINING,
                    TrainingConfig.DEFAULTS, warmup + iterations, null);
            NDArray input = manager.randomNormal(new Shape(batch, 3, size, size));
            Random random = new Random(0);
            int[] labels = new int[batch];
            Arrays.setAll(labels, i -> random.nextInt(classes));
            double[] seconds = new double[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long start = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    input.tempAttach(scope); // as a batch's arrays are, in Trainer
                    step.learn(input, labels, null); // ends on the loss as a float: the step has run
                }
                step.update();
                if (i >= 0) {
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            Arrays.sort(seconds);
            double median = seconds[iterations / 2];
            System.out.printf("{\"impl\": \"qforge\", \"batch\": %d, \"size\": %d, \"median_step_s\": %.4f, \"median_img_s\": %.1f, \"best_img_s\": %.1f}%n",
                    batch, size, median, batch / median, batch / seconds[0]);
        }
    }
}
