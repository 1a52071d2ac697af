package io.qforge.engine.compile;

import ai.djl.ndarray.NDManager;
import io.qforge.api.context.PluginContext;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.FoldedModel;
import io.qforge.engine.quant.SimulatedQuantization;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Step 4: inspect a quantized model for the run's target, compile it into {@code compiled/},
 * estimate the speed, and, when the target has an integer model, check it against the simulation
 * on the test split. Writes {@code compiled/compile_report.json}.
 */
public final class Compilation {

    public static final String DIR = "compiled";
    public static final String REPORT = "compile_report.json";
    /** How many test images get golden per-layer dumps. */
    static final int GOLDEN_IMAGES = 2;

    private final PluginRegistry plugins;
    private final PluginContext context;
    private final Datasets datasets;

    /**
     * What {@code compiled/compile_report.json} holds; {@code presetEstimates} has the speed
     * estimate on each of the target's presets, for comparing boards.
     */
    public record Report(String target, InspectionReport inspection, List<String> files, List<String> messages, PerformanceEstimate estimate,
            List<PerformanceEstimate> presetEstimates, IntegerCheck.Result integerCheck) {}

    @Inject
    public Compilation(PluginRegistry plugins, PluginContext context, Datasets datasets) {
        this.plugins = plugins;
        this.context = context;
        this.datasets = datasets;
    }

    /** A target may write only into its folder: a file it names outside it would escape the run folder. */
    private static void requireInside(Path dir, CompiledArtifacts artifacts, String target) {
        Path root = dir.toAbsolutePath().normalize();
        for (Path file : artifacts.files()) {
            if (!file.toAbsolutePath().normalize().startsWith(root)) {
                throw new IllegalStateException("target " + target + " wrote " + file + ", outside its output folder " + root);
            }
        }
    }

    public Report run(RunConfig run, QuantizedModel model, Path outDir, NDManager manager, Progress progress, PrintStream out) throws IOException {
        TargetSelection target = TargetSelection.of(run, plugins, context, "compile");
        InspectionReport inspection = target.device().inspect(model.graph(), target.options());
        PerformanceEstimate estimate = target.device().estimate(model.graph(), target.options());
        Inspection.print(target.device().name(), inspection, estimate, out);
        Path dir = outDir.resolve(DIR);
        CompiledArtifacts artifacts = target.device().compile(model, dir, target.options());
        artifacts.messages().forEach(out::println);
        requireInside(dir, artifacts, target.device().name());
        IntegerCheck.Result check = null;
        Optional<IntegerModel> integer = target.device().integerModel(model, target.options());
        if (integer.isPresent()) {
            SimulatedQuantization simulated = SimulatedQuantization.of(model);
            int batchSize = run.calibration().batchSize();
            BatchSource test = testSplit(run, model);
            check = IntegerCheck.run(new FoldedModel(model.graph(), model.parameters()), simulated, model.quantParams(), integer.get(),
                    test, batchSize, manager, progress);
            simulated.release();
            int golden = Math.min(GOLDEN_IMAGES, test.size());
            try (NDManager scope = manager.newSubManager(); Batch first = test.batch(IntStream.range(0, golden).toArray(), scope, false, 0)) {
                GoldenDump.Manifest manifest = GoldenDump.write(integer.get(), model, first.inputs(), dir.resolve(GoldenDump.DIR));
                out.println("golden dumps of " + manifest.tensors().size() + " tensors for the first " + golden + " test images in "
                        + dir.resolve(GoldenDump.DIR) + " (compare a board's with qforge diff)");
            }
            if (integer.get() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IOException("closing the target's integer model failed", e);
                }
            }
            check.disagreements().forEach(out::println);
        }
        List<String> files = artifacts.files().stream().map(f -> dir.relativize(f).toString()).toList();
        List<PerformanceEstimate> presets = new ArrayList<>();
        for (String preset : target.device().presets()) {
            Map<String, Object> options = new LinkedHashMap<>(target.options().values());
            options.put("preset", preset);
            presets.add(target.device().estimate(model.graph(), target.options().with(options)));
        }
        Report report = new Report(target.device().name(), inspection, files, artifacts.messages(), estimate, presets, check);
        JsonFiles.write(dir.resolve(REPORT), report);
        return report;
    }

    /** The run's test split, labelled as the quantized model's classes and preprocessed for its input channels. */
    public BatchSource testSplit(RunConfig run, QuantizedModel model) {
        return split(run, model, true);
    }

    /** The run's train split, preprocessed for {@code model}, in its labels. */
    public BatchSource trainSplit(RunConfig run, QuantizedModel model) {
        return split(run, model, false);
    }

    private BatchSource split(RunConfig run, QuantizedModel model, boolean test) {
        DatasetSplits data = datasets.open(run.dataset(), "$.dataset", run.seed()).labelledAs(model.classNames(), "the quantized model");
        int channels = Math.toIntExact(model.graph().inputs().get(0).sampleShape().get(0));
        return new ImageBatches(test ? data.test() : data.train(), new ImagePreprocessor(run.preprocessing(), channels), false,
                test ? "$.dataset (test)" : "$.dataset (train)");
    }
}
