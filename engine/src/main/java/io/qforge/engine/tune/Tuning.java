package io.qforge.engine.tune;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.context.PluginContext;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.compile.TargetSelection;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.SubsetBatches;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.plugin.DiscoveredPlugin;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.stage.RunStages;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code qforge tune}: the accuracy-budget search over a run config's target-legal quantization
 * settings ({@link SearchSpace}, {@link AccuracyBudgetSearch}), each trial a cached quantization of
 * its own ({@link LocalTrialRunner}). Trials are scored on training images that calibration never
 * sees (those after the largest calibration set tried, in calibration's seeded order); when the
 * train split has too few of them, on the first test images, and the report says so. The chosen
 * trial is written out as a plain {@code int8_config.json} and a run config that reproduce it.
 */
public final class Tuning {

    /** The search's folder in the run folder. */
    public static final String DIR = "tune";
    /** The search's report, in {@link #DIR}. */
    public static final String REPORT = "tune.json";
    /** The chosen quantization config, in {@link #DIR}. */
    public static final String INT8_CONFIG = "int8_config.json";
    /** Fewer held-out training images than this, and trials are scored on test images. */
    static final int MIN_HELD_OUT = 200;

    /**
     * What {@code tune.json} holds.
     *
     * @param maxDropPoints the budget, in top-1 points
     * @param scoredOn {@code train (held out)} or {@code test}
     * @param images how many scoring images
     * @param floatTop1 the float model's top-1 on them
     * @param trials every trial, in the order tried
     * @param chosen the chosen trial's key
     * @param pareto the keys of the trials on the front of top-1 against speed
     * @param withinBudget whether the chosen trial is within the budget
     * @param stopped why the search stopped
     * @param runConfig the run config that reproduces the chosen trial
     * @param int8Config its quantization config
     */
    public record Report(double maxDropPoints, String scoredOn, int images, double floatTop1, List<TrialResult> trials, String chosen,
            List<String> pareto, boolean withinBudget, String stopped, String runConfig, String int8Config) {

        public TrialResult chosenTrial() {
            return trials.stream().filter(t -> t.key().equals(chosen)).findFirst().orElseThrow();
        }
    }

    private final RunStages stages;
    private final ConfigLoader loader;
    private final SpecResolution resolution;
    private final Compilation compilation;
    private final Datasets datasets;
    private final PluginRegistry plugins;
    private final PluginContext context;

    @Inject
    public Tuning(RunStages stages, ConfigLoader loader, SpecResolution resolution, Compilation compilation, Datasets datasets,
            PluginRegistry plugins, PluginContext context) {
        this.stages = stages;
        this.loader = loader;
        this.resolution = resolution;
        this.compilation = compilation;
        this.datasets = datasets;
        this.plugins = plugins;
        this.context = context;
    }

    /**
     * How a search's trials are scored, and the runner that runs them in this process.
     *
     * @param runner the runner in this process
     * @param scoredOn {@code train (held out)} or {@code test}
     * @param images how many scoring images
     * @param described the line that says so
     */
    public record Trials(LocalTrialRunner runner, String scoredOn, int images, String described) {}

    /**
     * The trials of a search for {@code config} in {@code runDir} (trained already): scored on
     * training images that calibration never sees when there are enough, else on test images.
     */
    public Trials trials(ValidatedConfig config, Path runDir, int images, String version, NDManager manager, Progress progress) {
        RunConfig run = config.run();
        Path folder = runDir.resolve(DIR);
        int batchSize = run.calibration().batchSize();
        int calibrated = 3 * run.calibration().batches() * batchSize;
        int trainSize = datasets.open(run.dataset(), "$.dataset", run.seed()).train().size();
        boolean heldOut = trainSize - calibrated >= MIN_HELD_OUT;
        int[] order = BatchSource.epochOrder(trainSize, trainSize, true, run.seed(), 0).get(0);
        int[] scoringIndices = heldOut ? Arrays.copyOfRange(order, calibrated, Math.min(trainSize, calibrated + images)) : null;
        Function<QuantizedModel, BatchSource> scoring = heldOut ? model -> new SubsetBatches(compilation.trainSplit(run, model), scoringIndices)
                : model -> compilation.testSplit(run, model);
        String scoredOn = heldOut ? "train (held out)" : "test";
        String described = "tune: scoring trials on " + (heldOut ? scoringIndices.length + " training images calibration never sees"
                : "the first " + images + " test images (the train split leaves " + Math.max(0, trainSize - calibrated)
                        + " images after calibration, fewer than " + MIN_HELD_OUT + ")");
        LocalTrialRunner runner = new LocalTrialRunner(new LocalTrialRunner.Services(stages, loader, resolution, this::estimate),
                config.selfContained(), folder, RunStages.checkpoint(runDir), scoring, scoredOn, images, version, manager, progress);
        return new Trials(runner, scoredOn, heldOut ? scoringIndices.length : images, described);
    }

    /**
     * Searches for {@code config} (training first when its checkpoint is missing or stale), writing
     * {@code runDir/tune/}; {@code executor} runs the trials elsewhere, or null for here.
     */
    public Report run(ValidatedConfig config, Path runDir, TuneBudget budget, int images, String version, NDManager manager, Progress progress,
            TuneExecutor executor) throws IOException {
        long start = System.nanoTime();
        RunConfig run = config.run();
        stages.train(config, runDir, false, version, manager, progress);
        Path folder = runDir.resolve(DIR);
        Files.createDirectories(folder);
        Trials here = trials(config, runDir, images, version, manager, progress);
        progress.say(here.described());
        ObjectNode baseConfig = config.selfContained();
        TrialRunner runner = executor == null ? here.runner()
                : executor.runner(new TuneJob(baseConfig.toString(), runDir.toAbsolutePath().toString(), images, version, plugins.pluginPaths()),
                        progress);
        TrialResult base = runner.run(Trial.BASE);
        progress.say(AccuracyBudgetSearch.describe(base, base.floatTop1()));
        List<String> calibrators = plugins.all(SpiType.CALIBRATOR).stream().map(DiscoveredPlugin::name).toList();
        Predicate<QuantSpec> runs = spec -> config.quantization().runTarget()
                .map(t -> t.rules().adjust(resolution.resolve(spec, "$.quantization")).changes().isEmpty()).orElse(true);
        List<SearchDimension> dimensions = base.scored() ? SearchSpace.of(config, here.runner().graphOf(base), calibrators, runs) : List.of();
        AccuracyBudgetSearch.Outcome outcome = AccuracyBudgetSearch.run(runner, base, dimensions, budget, start, progress);

        TrialResult chosen = outcome.chosen();
        ObjectNode chosenConfig = chosen.trial().applyTo(baseConfig);
        Path int8 = folder.resolve(INT8_CONFIG);
        JsonFiles.write(int8, chosenConfig.get("quantization"));
        chosenConfig.put("name", run.name() + "-tuned");
        chosenConfig.put("quantization", INT8_CONFIG);
        Path runConfig = folder.resolve(run.name() + "-tuned.json");
        JsonFiles.write(runConfig, chosenConfig);
        Report report = new Report(budget.maxDropPoints(), here.scoredOn(), here.images(), base.floatTop1(), outcome.trials(), chosen.key(), outcome.pareto(),
                outcome.withinBudget(), outcome.stopped(), runConfig.toString(), int8.toString());
        JsonFiles.write(folder.resolve(REPORT), report);
        return report;
    }

    private PerformanceEstimate estimate(ValidatedConfig config, QuantizedModel model) {
        if (config.run().target() == null) {
            return null;
        }
        TargetSelection target = TargetSelection.of(config.run(), plugins, context, "tune");
        return target.device().estimate(model.graph(), target.options());
    }
}
