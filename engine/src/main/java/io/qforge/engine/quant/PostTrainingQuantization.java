package io.qforge.engine.quant;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.run.TrainingMode;
import io.qforge.engine.config.vitis.ResolvedQuantizeConfig;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.executor.ExecutorExtensions;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.rules.TargetRules;
import io.qforge.engine.training.TeacherLoader;
import io.qforge.engine.training.TrainingReport;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.WeightLoader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 2 of the workflow: load a trained checkpoint, run the passes of {@link PostTrainingPasses}
 * (fold, equalize, plan, the target's rules, calibrate, the target's params passes, bias
 * correction, evaluate), and write {@code quantized/} ({@link QuantizedArtifact}), which the
 * compile stage loads back.
 */
public final class PostTrainingQuantization {

    private final ConfiguredBackbones backbones;
    private final SpecResolution resolution;
    private final Datasets datasets;
    private final TeacherLoader teachers;
    private final PluginRegistry plugins;

    @Inject
    public PostTrainingQuantization(ConfiguredBackbones backbones, SpecResolution resolution, Datasets datasets, TeacherLoader teachers,
            PluginRegistry plugins) {
        this.backbones = backbones;
        this.resolution = resolution;
        this.datasets = datasets;
        this.teachers = teachers;
        this.plugins = plugins;
    }

    /**
     * What {@code quantized/report.json} holds.
     *
     * @param checkpoint the float model quantized
     * @param rulesFrom the target whose defaults and config rules the quantization config got
     * @param target the run's target, which adjusted the specs; null for a run without one
     * @param tensors how many tensors are quantized
     * @param calibrationImages how many images calibration saw
     * @param calibrationSeconds how long calibration took
     * @param passes every pass that ran, in order, with its time and changes
     * @param keptAtHigherBitWidth tensors kept at the keep bit width
     * @param biasCorrections per corrected bias, the largest correction
     * @param evaluation float against simulated-int on the test split
     * @param meanSqnrDb the mean SQNR over the quantized activations
     * @param qat quantization-aware training's epochs (training mode qat), the test top-1 being the
     *     simulated int8 model's; null when it did not run
     */
    public record Report(String checkpoint, String rulesFrom, String target, int tensors, int calibrationImages, double calibrationSeconds,
            List<PassRecord> passes, List<String> keptAtHigherBitWidth, Map<String, Double> biasCorrections,
            QuantEvaluation.Result evaluation, double meanSqnrDb, @JsonInclude(JsonInclude.Include.NON_NULL) TrainingReport.Result qat) {

        /** Every change the target made, to the specs and to the params, in pass order. */
        public List<String> targetAdjustments() {
            return passes.stream().filter(p -> !p.owner().equals(PassRecord.QFORGE)).flatMap(p -> p.changes().stream()).toList();
        }
    }

    /** The run's result: the report and the model a target compiles. */
    public record Outcome(Report report, QuantizedModel model) {}

    /** Quantizes {@code checkpoint} with {@code config}'s quantization, writing {@code outDir/quantized/}. */
    public Outcome run(ValidatedConfig config, Path checkpoint, Path outDir, NDManager manager, Progress progress) throws IOException {
        RunConfig run = config.run();
        ResolvedQuantizeConfig quantization = config.quantization();
        CalibrationExecutor elsewhere = ExecutorExtensions.find(CalibrationExecutor.class, run.calibration().executor(), "$.calibration.executor");
        QuantizationState state = state(config, checkpoint, manager, progress);
        if (elsewhere != null) {
            state.distributed = new DistributedCalibration(elsewhere, config.selfContained().toString(), checkpoint, plugins.pluginPaths());
        }
        progress.say("quantizing with the defaults and rules of target " + quantization.defaultsFrom().name()
                + quantization.runTarget().map(t -> ", for target " + t.name()).orElse(", for no target (the settings as written)"));
        List<PassRecord> passes = PostTrainingPasses.run(state, PostTrainingPasses.standard(quantization, resolution));

        int batchSize = run.calibration().batchSize();
        int calibrationImages = Math.min(run.calibration().batches(), state.train.size() / batchSize) * batchSize;
        QuantEvaluation.Result evaluation = state.evaluation;
        Report report = new Report(checkpoint.toString(), quantization.defaultsFrom().name(), quantization.runTarget().map(TargetRules::name).orElse(null),
                state.plan.tensors().size(), calibrationImages, state.calibrated.seconds(), passes, state.plan.kept(), state.biasCorrections,
                evaluation, evaluation.meanSqnrDb(), state.qat == null ? null : TrainingReport.Result.of(state.qat));
        QuantizedArtifact.write(outDir.resolve(QuantizedArtifact.DIR), state, report, config.withDefaults(), state.backbone);
        progress.say(String.format(Locale.ROOT, "float top-1 %.2f%%, quantized top-1 %.2f%% (drop %.2f points), agreement %.2f%%, mean SQNR %.1f dB",
                100 * evaluation.floatTop1(), 100 * evaluation.quantizedTop1(), 100 * (evaluation.floatTop1() - evaluation.quantizedTop1()),
                100 * evaluation.agreement(), evaluation.meanSqnrDb()));
        return new Outcome(report, state.model());
    }

    /**
     * The state the passes start from: {@code checkpoint} loaded into the config's backbone, and
     * the dataset's splits preprocessed.
     */
    QuantizationState state(ValidatedConfig config, Path checkpoint, NDManager manager, Progress progress) throws IOException {
        RunConfig run = config.run();
        ResolvedQuantizeConfig quantization = config.quantization();
        Backbone backbone = backbones.get(run.backbone().type(), run.backbone().options());
        DatasetSplits opened = datasets.open(run.dataset(), "$.dataset", run.seed());
        CheckpointMetadata meta = metadata(checkpoint, backbone, run, opened);
        DatasetSplits data = opened.labelledAs(meta.classNames(), "the checkpoint " + checkpoint);
        PreprocessingConfig pp = run.preprocessing();
        Graph graph = backbone.build(new BackboneSpec(meta.classNames().size(), backbone.inputChannels(), pp.height(), pp.width()));
        Parameters weights = new Parameters(WeightLoader.load(checkpoint, backbone, graph, manager, Set.of()));
        ImagePreprocessor pre = new ImagePreprocessor(pp, backbone.inputChannels());
        QuantizationState state = new QuantizationState(quantization, run.calibration(), run.seed(),
                new ImageBatches(data.train(), pre, false, "$.dataset (train)"), new ImageBatches(data.test(), pre, false, "$.dataset (test)"),
                meta.classNames(), pp.forModel(), graph, weights, manager, progress);
        TrainingConfig training = run.training();
        if (training.mode() == TrainingMode.QAT) {
            state.training = training;
            state.augmentedTrain = new ImageBatches(data.train(), pre, pp.randomFlip(), "$.dataset (train)");
            if (training.teacher() != null && !training.teacher().isFloatModel()) {
                state.teacher = teachers.load(training.teacher(), meta.classNames(), pp, backbone.inputChannels(), manager);
            }
        }
        state.backbone = backbone.name();
        return state;
    }

    /** The state as the calibrate pass finds it, every pass before it run: what a worker observes shards of. */
    QuantizationState stateBeforeCalibration(ValidatedConfig config, Path checkpoint, NDManager manager) throws IOException {
        QuantizationState state = state(config, checkpoint, manager, Progress.silent());
        List<QuantizationPass> passes = PostTrainingPasses.standard(config.quantization(), resolution);
        PostTrainingPasses.run(state, passes.subList(0, PostTrainingPasses.indexOfCalibration(passes)));
        return state;
    }

    /**
     * What the checkpoint's JSON says, or, for weights without one (a model trained outside qforge),
     * what the config says: its backbone, its {@code backbone.classes} or else the dataset's, and its
     * preprocessing.
     */
    private static CheckpointMetadata metadata(Path checkpoint, Backbone backbone, RunConfig run, DatasetSplits data) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new InvalidInputException(checkpoint.toString(), "no checkpoint here. Run 'qforge train' with this config first, or pass --checkpoint FILE with the trained weights");
        }
        Optional<CheckpointMetadata> found = Checkpoints.findMetadata(checkpoint);
        if (found.isEmpty()) {
            PreprocessingConfig pp = run.preprocessing();
            List<String> classes = run.backbone().classes() != null ? run.backbone().classes() : data.train().classNames();
            return new CheckpointMetadata(backbone.name(), classes, pp.forModel(), Map.of());
        }
        CheckpointMetadata meta = found.get();
        if (!meta.backbone().equals(backbone.name())) {
            throw new InvalidInputException(checkpoint.toString(), "was trained for the backbone " + meta.backbone() + ", but the config names " + backbone.name());
        }
        return meta;
    }
}
