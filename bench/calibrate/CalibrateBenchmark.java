// Calibration time per image against the float forward alone, on the trained transfer model of
// examples/fmnist-transfer.json, run as a single-file Java program against the assembled
// distribution's lib/ (see run.sh).
//
//   java -Dai.djl.offline=true -cp "DIST/lib/*" CalibrateBenchmark.java RUN_CONFIG CHECKPOINT BATCHES BATCH_SIZE ROUNDS NAME=QUANT_CONFIG...
//
// The calibration images are decoded and preprocessed once, before any timing; each round then
// times the float forward alone over them, and calibration with each quantization config over
// the same batches (weights and activations observed, as qforge quantize does). Prints one JSON
// line per config with the median over the rounds, and beside it the part of calibration that
// does not grow with the images: observing the weights and biases once (timed apart in the same
// round), so that the per-image cost of the activations can be read against the forward. A last line times the threshold search of
// entropy and mse at 2048 bins: observe() on a one-million-value heavy-tailed tensor minus
// observe() of percentile on the same tensor, which builds the same histogram and scans it once.

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.Calibrator;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.quant.TensorObserver;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.BatchNormFolding;
import io.qforge.engine.quant.Calibration;
import io.qforge.engine.quant.FoldedModel;
import io.qforge.engine.quant.QuantPlan;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.weights.WeightLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

public class CalibrateBenchmark {

    /** The preloaded calibration images; a batch is gathered from them by index. */
    record Preloaded(NDArray images, int[] labels) implements BatchSource {
        public int size() {
            return labels.length;
        }

        public Batch batch(int[] indices, NDManager manager, boolean augment, long seed) {
            NDArray picked = images.get(new NDIndex("{}", manager.create(indices)));
            picked.attach(manager);
            return new Batch(picked, new int[indices.length]);
        }
    }

    public static void main(String[] args) throws Exception {
        Path runConfig = Path.of(args[0]);
        Path checkpoint = Path.of(args[1]);
        int batches = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Engine engine = Engine.start(null);
        ConfigLoader loader = engine.get(ConfigLoader.class);
        RunConfig run = loader.load(runConfig).run();
        Map<String, ResolvedQuantizeConfig> variants = new LinkedHashMap<>();
        for (String a : Arrays.copyOfRange(args, 5, args.length)) {
            String[] kv = a.split("=", 2);
            variants.put(kv[0], loader.load(Path.of(kv[1])).quantization());
        }
        PluginRegistry plugins = engine.plugins();
        Backbone backbone = plugins.get(SpiType.BACKBONE, run.backbone().type(), "$.backbone.type");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DatasetSplits data = engine.get(Datasets.class).open(run.dataset(), "$.dataset", run.seed());
            Graph graph = backbone.build(new BackboneSpec(data.train().classNames().size(), 3, run.preprocessing().height(), run.preprocessing().width()));
            Parameters weights = new Parameters(WeightLoader.load(checkpoint, backbone, graph, manager, Set.of()));
            FoldedModel folded = BatchNormFolding.apply(graph, weights);
            Preloaded images = preload(data, run, batches * batchSize, batchSize, manager);
            GraphExecutor executor = new GraphExecutor(folded.graph());
            Map<String, List<Double>> perImage = new LinkedHashMap<>();
            Map<String, List<Double>> parametersOnce = new LinkedHashMap<>();
            perImage.put("float-forward", new ArrayList<>());
            variants.keySet().forEach(k -> perImage.put(k, new ArrayList<>()));
            variants.keySet().forEach(k -> parametersOnce.put(k, new ArrayList<>()));
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                long start = System.nanoTime();
                for (int[] indices : BatchSource.epochOrder(images.size(), batchSize, true, run.seed(), 0)) {
                    try (NDManager scope = manager.newSubManager(); Batch b = images.batch(indices, scope, false, 0)) {
                        executor.forward(folded.parameters(), b.inputs(), ForwardMode.INFERENCE).close();
                    }
                }
                record(perImage, "float-forward", round, (System.nanoTime() - start) / 1e9 / images.size());
                for (Map.Entry<String, ResolvedQuantizeConfig> v : variants.entrySet()) {
                    QuantPlan plan = QuantPlan.of(folded.graph(), v.getValue(), 0, engine.get(SpecResolution.class));
                    Calibration.Result r = Calibration.run(folded, plan, images, batches, batchSize, run.seed(), manager, Progress.silent());
                    record(perImage, v.getKey(), round, r.seconds() / images.size());
                    long once = System.nanoTime();
                    Calibration.parameters(folded, plan, TensorKind.WEIGHTS);
                    Calibration.parameters(folded, plan, TensorKind.BIAS);
                    record(parametersOnce, v.getKey(), round, (System.nanoTime() - once) / 1e9);
                }
            }
            double forward = median(perImage.get("float-forward"));
            for (Map.Entry<String, List<Double>> e : perImage.entrySet()) {
                double t = median(e.getValue());
                if (!parametersOnce.containsKey(e.getKey())) {
                    System.out.printf("{\"config\": \"%s\", \"images\": %d, \"ms_per_image\": %.3f, \"ratio_to_forward\": %.2f}%n",
                            e.getKey(), images.size(), 1e3 * t, t / forward);
                    continue;
                }
                double once = median(parametersOnce.get(e.getKey()));
                double activations = t - once / images.size();
                System.out.printf("{\"config\": \"%s\", \"images\": %d, \"ms_per_image\": %.3f, \"ratio_to_forward\": %.2f, "
                        + "\"weights_and_biases_once_ms\": %.1f, \"activations_ms_per_image\": %.3f, \"activations_ratio_to_forward\": %.2f}%n",
                        e.getKey(), images.size(), 1e3 * t, t / forward, 1e3 * once, 1e3 * activations, activations / forward);
            }
            searchTime(plugins, manager);
        }
    }

    private static Preloaded preload(DatasetSplits data, RunConfig run, int count, int batchSize, NDManager manager) {
        ImageBatches train = new ImageBatches(data.train(), new ImagePreprocessor(run.preprocessing(), 3), false, "train");
        List<NDArray> parts = new ArrayList<>();
        List<int[]> order = BatchSource.epochOrder(train.size(), batchSize, true, run.seed(), 0);
        for (int i = 0; i < count / batchSize; i++) {
            parts.add(train.batch(order.get(i), manager, false, 0).inputs());
        }
        return new Preloaded(NDArrays.concat(new NDList(parts)), new int[count]);
    }

    /** The entropy and mse threshold searches at 2048 bins, net of building the histogram. */
    private static void searchTime(PluginRegistry plugins, NDManager manager) {
        Random random = new Random(7);
        float[] values = new float[1 << 20];
        for (int i = 0; i < values.length; i++) {
            double laplace = -Math.log(1 - random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            values[i] = (float) (i % 1000 == 0 ? 40 * laplace : laplace);
        }
        NDArray x = manager.create(values);
        Map<String, Double> ms = new LinkedHashMap<>();
        for (String method : List.of("percentile", "entropy", "mse")) {
            Calibrator calibrator = plugins.get(SpiType.CALIBRATOR, method, method);
            QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, 8, method, "half_even", "float", true, false, true, false, "max", 99.99);
            CalibrationTarget target = new CalibrationTarget("bench", spec, plugins.get(SpiType.ROUND_MODE, "half_even", ""),
                    plugins.get(SpiType.SCALE_TYPE, "float", ""), false);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                TensorObserver o = calibrator.newObserver(target);
                long start = System.nanoTime();
                o.observe(x);
                times.add((System.nanoTime() - start) / 1e6);
                o.result();
            }
            ms.put(method, median(times.subList(5, times.size())));
        }
        System.out.printf("{\"search_ms_per_tensor_at_2048_bins\": {\"entropy\": %.2f, \"mse\": %.2f}, \"histogram_of_1M_values_ms\": %.2f}%n",
                ms.get("entropy") - ms.get("percentile"), ms.get("mse") - ms.get("percentile"), ms.get("percentile"));
    }

    private static void record(Map<String, List<Double>> perImage, String key, int round, double seconds) {
        if (round >= 0) {
            perImage.get(key).add(seconds);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
