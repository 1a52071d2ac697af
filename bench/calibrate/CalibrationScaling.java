// Calibration time and peak memory against the number of calibration images, run as a
// single-file Java program against the assembled distribution's lib/ (see scaling.sh).
//
//   java -Dai.djl.offline=true -cp "DIST/lib/*" CalibrationScaling.java BACKBONE SIZE IMAGES BATCH QUANT_CONFIG
//
// Builds BACKBONE (randomly initialised, 10 classes, batch norm folded) for SIZE x SIZE inputs,
// then calibrates it with QUANT_CONFIG as qforge quantize does: Fashion-MNIST training images
// decoded and preprocessed batch by batch (resized to SIZE), weights and every activation
// observed, nothing kept but the observers' statistics. Prints one JSON line: seconds for the
// calibration, images per second, and the process's peak resident memory (VmHWM) before and
// after it, so that a run per image count shows whether memory grows with the images.

import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.BatchNormFolding;
import io.qforge.engine.quant.Calibration;
import io.qforge.engine.quant.FoldedModel;
import io.qforge.engine.quant.QuantPlan;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.weights.ParameterInitializer;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;

public class CalibrationScaling {

    public static void main(String[] args) throws Exception {
        String backboneType = args[0];
        int size = Integer.parseInt(args[1]);
        int images = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        Path quantConfig = Path.of(args[4]).toAbsolutePath();
        Path runConfig = Files.createTempFile("calibration-scaling", ".json");
        Files.writeString(runConfig, """
                {"name": "calibration-scaling", "seed": 42,
                 "backbone": {"type": "%s"},
                 "dataset": {"type": "fashion-mnist", "classes": "0-9", "samples_per_class": "all"},
                 "preprocessing": {"height": %d, "width": %d, "resize": "resize", "grayscale_to_rgb": true,
                                   "mean": [0.286], "std": [0.353]},
                 "quantization": "%s"}
                """.formatted(backboneType, size, size, quantConfig));
        Engine engine = Engine.start(null);
        ConfigLoader loader = engine.get(ConfigLoader.class);
        RunConfig run = loader.load(runConfig).run();
        ResolvedQuantizeConfig quantization = loader.load(quantConfig).quantization();
        Files.delete(runConfig);
        Backbone backbone = engine.plugins().get(SpiType.BACKBONE, backboneType, "$.backbone.type");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DatasetSplits data = engine.get(Datasets.class).open(run.dataset(), "$.dataset", run.seed());
            Graph graph = backbone.build(new BackboneSpec(data.train().classNames().size(), 3, size, size));
            Parameters weights = ParameterInitializer.initialize(graph, manager, run.seed());
            FoldedModel folded = BatchNormFolding.apply(graph, weights);
            ImageBatches train = new ImageBatches(data.train(), new ImagePreprocessor(run.preprocessing(), 3), false, "train");
            QuantPlan plan = QuantPlan.of(folded.graph(), quantization, 0, engine.get(SpecResolution.class));
            long before = peakKiB();
            Calibration.Result r = Calibration.run(folded, plan, train, images / batchSize, batchSize, run.seed(), manager, Progress.silent());
            System.out.printf("{\"backbone\": \"%s\", \"size\": %d, \"images\": %d, \"batch\": %d, \"seconds\": %.2f, \"img_s\": %.1f,"
                    + " \"peak_rss_mib_before\": %d, \"peak_rss_mib_after\": %d}%n", backboneType, size, images, batchSize, r.seconds(),
                    images / r.seconds(), before / 1024, peakKiB() / 1024);
        }
    }

    /** The process's peak resident set size so far, from /proc/self/status. */
    private static long peakKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
