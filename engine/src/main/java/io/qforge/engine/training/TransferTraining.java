package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.CheckpointChoice;
import io.qforge.engine.config.run.CompareRun;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.run.TrainingMode;
import io.qforge.engine.config.run.WeightsSource;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.data.DatasetSplits;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.data.ImageBatches;
import io.qforge.engine.data.ImagePreprocessor;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.CheckpointMetadata;
import io.qforge.engine.weights.Checkpoints;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.engine.weights.WeightLoader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step 1 of the workflow: replace the backbone's head with one for the dataset's classes and
 * train it, by feature extraction (frozen backbone, cached features), fine-tuning, from scratch,
 * or by distillation from a teacher (all layers, the teacher's logits cached), then report the
 * test accuracy of the main training and of any comparison runs, and write the checkpoint. In mode none nothing trains: the model as its weights give it (trained
 * outside qforge) is evaluated and written as the checkpoint, for quantization to go on from; mode
 * qat does the same here, and trains in the quantize stage.
 */
public final class TransferTraining {

    private final ConfiguredBackbones backbones;
    private final Datasets datasets;
    private final PluginContext context;
    private final TeacherLoader teachers;

    @Inject
    public TransferTraining(ConfiguredBackbones backbones, Datasets datasets, PluginContext context, TeacherLoader teachers) {
        this.backbones = backbones;
        this.datasets = datasets;
        this.context = context;
        this.teachers = teachers;
    }

    /** What a training run produced. */
    public record Outcome(TrainingReport report, Graph graph, Parameters parameters, Path checkpoint) {}

    /** Runs the training section of {@code run}, writing into {@code outDir}. */
    public Outcome run(RunConfig run, Path outDir, NDManager manager, Progress progress) throws IOException {
        Backbone backbone = backbones.get(run.backbone().type(), run.backbone().options());
        DatasetSplits data = datasets.open(run.dataset(), "$.dataset", run.seed());
        TrainingConfig t = run.training();
        if (t.mode() == TrainingMode.NONE || t.mode() == TrainingMode.QAT) {
            // Mode qat trains in the quantize stage, where the target's quantization is; it starts from the model as given.
            return asGiven(run, backbone, data, outDir, manager, progress);
        }
        PreprocessingConfig pp = run.preprocessing();
        Graph graph = backbone.build(new BackboneSpec(data.train().classNames().size(), backbone.inputChannels(), pp.height(), pp.width()));
        ImagePreprocessor pre = new ImagePreprocessor(pp, backbone.inputChannels());
        BatchSource train = new ImageBatches(data.train(), pre, pp.randomFlip(), "$.dataset (train)");
        BatchSource test = new ImageBatches(data.test(), pre, false, "$.dataset (test)");
        Parameters fresh = ParameterInitializer.initialize(graph, manager, run.seed());
        progress.say(String.format(Locale.ROOT, "%s: %d classes %s, %d training and %d test images", run.name(),
                data.train().classNames().size(), data.train().classNames(), data.train().size(), data.test().size()));
        if (!data.train().skipped().isEmpty()) {
            progress.say("skipped " + data.train().skipped().size() + " unreadable files (listed in training.json)");
        }

        TrainingReport.Pretrain pretrain = null;
        Parameters start = fresh;
        String weightsLabel = describe(run.backbone().weights());
        if (t.mode() != TrainingMode.SCRATCH) {
            Path file = null;
            WeightsSource w = run.backbone().weights();
            if (w.isPretrain()) {
                Pretrained p = pretrained(run, backbone, manager, progress);
                pretrain = p.report();
                file = p.checkpoint();
            } else if (w.isImagenet()) {
                file = BackboneWeights.published(backbone, WeightsSource.IMAGENET, context, "$.backbone.weights");
            } else if (w.isFile()) {
                file = Path.of(w.value());
            }
            if (file != null) {
                start = merged(fresh, WeightLoader.load(file, backbone, graph, manager, Set.copyOf(backbone.head().parameterNames())));
            } else if (w.isNone() && backbone.hasOwnWeights()) {
                start = merged(fresh, BackboneWeights.own(backbone, graph, manager, Set.copyOf(backbone.head().parameterNames()), "$.backbone"));
            }
        }

        TrainingHistory main;
        TrainingReport.TeacherResult teacherResult = null;
        if (t.mode() == TrainingMode.DISTILL) {
            Teacher teacher = teachers.load(t.teacher(), data.train().classNames(), pp, backbone.inputChannels(), manager);
            double teacherAccuracy = Evaluation.accuracy((p, x, mode) -> teacher.logits(x), teacher.parameters(), test, t.batchSize(), manager);
            progress.say(String.format(Locale.ROOT, "%s: test accuracy %.2f%% on the student's classes", teacher.label(), 100 * teacherAccuracy));
            try (Distillation distillation = t.cacheTeacherLogits()
                    ? Distillation.cached(teacher, train, t.batchSize(), t.temperature(), t.alpha(), manager, progress)
                    : Distillation.live(teacher, t.temperature(), t.alpha(), manager)) {
                main = train(t.mode(), label(t.mode()), graph, backbone.head(), start, train, test, t, run.seed(), manager, progress, distillation);
                teacherResult = new TrainingReport.TeacherResult(teacher.label(), describe(t.teacher().backbone().weights()), teacherAccuracy,
                        distillation.isCached(), distillation.cacheSeconds());
            }
        } else {
            main = train(t.mode(), label(t.mode()), graph, backbone.head(), start, train, test, t, run.seed(), manager, progress, null);
        }
        Map<String, TrainingReport.Result> comparisons = new LinkedHashMap<>();
        for (CompareRun c : t.compare()) {
            TrainingHistory h = switch (c) {
                case RANDOM_BACKBONE -> train(TrainingMode.FEATURE_EXTRACTION, "random-backbone head", graph, backbone.head(), fresh, train, test,
                        t, run.seed(), manager, progress, null);
                case FINE_TUNE -> train(TrainingMode.FINE_TUNE, "fine-tune", graph, backbone.head(), start, train, test,
                        t.fineTune() != null ? t.fineTune().overlaidOn(t) : t, run.seed(), manager, progress, null);
                case NO_TEACHER -> train(TrainingMode.DISTILL, "no-teacher student", graph, backbone.head(), start, train, test, t, run.seed(),
                        manager, progress, null);
            };
            comparisons.put(c.configName(), TrainingReport.Result.of(h));
        }

        Path checkpoint = Checkpoints.write(outDir.resolve("checkpoint"), "model", main.parameters(),
                new CheckpointMetadata(backbone.name(), data.train().classNames(),
                        pp.forModel(), Map.of("test_accuracy", main.testAccuracy())));
        TrainingReport report = new TrainingReport(run.name(), backbone.name(), weightsLabel, t.mode().configName(),
                data.train().classNames(), data.train().size(), data.test().size(), data.train().skipped(), pretrain,
                TrainingReport.Result.of(main), comparisons, checkpoint.toString(), teacherResult);
        JsonFiles.write(outDir.resolve("training.json"), report);
        progress.say(String.format(Locale.ROOT, "test accuracy, %s: %.2f%%", main.label(), 100 * main.testAccuracy()));
        comparisons.forEach((name, r) -> progress.say(String.format(Locale.ROOT, "test accuracy, %s: %.2f%%", r.label(), 100 * r.testAccuracy())));
        return new Outcome(report, graph, main.parameters(), checkpoint);
    }

    /**
     * Mode none: the model with the weights as given, evaluated on the test split and written as
     * the checkpoint. Its classes are {@code backbone.classes}, else the weights file's checkpoint
     * JSON's, else the dataset's; the dataset is labelled by them.
     */
    private Outcome asGiven(RunConfig run, Backbone backbone, DatasetSplits opened, Path outDir, NDManager manager, Progress progress)
            throws IOException {
        long begin = System.nanoTime();
        WeightsSource w = run.backbone().weights();
        Path file = w.isImagenet() ? BackboneWeights.published(backbone, WeightsSource.IMAGENET, context, "$.backbone.weights") : w.isFile() ? Path.of(w.value()) : null;
        List<String> classes = run.backbone().classes();
        if (classes == null && file != null) {
            classes = Checkpoints.findMetadata(file).map(CheckpointMetadata::classNames).orElse(null);
        }
        if (classes == null) {
            classes = opened.train().classNames();
        }
        DatasetSplits data = opened.labelledAs(classes, "the model");
        PreprocessingConfig pp = run.preprocessing();
        Graph graph = backbone.build(new BackboneSpec(classes.size(), backbone.inputChannels(), pp.height(), pp.width()));
        Parameters given = new Parameters(file != null ? WeightLoader.load(file, backbone, graph, manager, Set.of())
                : BackboneWeights.own(backbone, graph, manager, Set.of(), "$.backbone"));
        progress.say(String.format(Locale.ROOT, "%s: no training (mode %s); the model as given, %d classes %s, tested on %d images%s",
                run.name(), run.training().mode().configName(), classes.size(), classes, data.test().size(),
                run.training().mode() == TrainingMode.QAT ? "; quantization-aware training follows in the quantize stage" : ""));
        BatchSource test = new ImageBatches(data.test(), new ImagePreprocessor(pp, backbone.inputChannels()), false, "$.dataset (test)");
        double accuracy = Evaluation.accuracy(new GraphExecutor(graph), given, test, run.training().batchSize(), manager);
        TrainingReport.Result result = new TrainingReport.Result("model as given", accuracy, 0, (System.nanoTime() - begin) / 1e9, List.of());
        Path checkpoint = Checkpoints.write(outDir.resolve("checkpoint"), "model", given, new CheckpointMetadata(backbone.name(), classes,
                pp.forModel(), Map.of("test_accuracy", accuracy)));
        TrainingReport report = new TrainingReport(run.name(), backbone.name(), file != null ? file.toString() : "the backbone's own",
                run.training().mode().configName(), classes, 0, data.test().size(), data.test().skipped(), null, result, Map.of(), checkpoint.toString(), null);
        JsonFiles.write(outDir.resolve("training.json"), report);
        progress.say(String.format(Locale.ROOT, "test accuracy, model as given: %.2f%%", 100 * accuracy));
        return new Outcome(report, graph, given, checkpoint);
    }

    private record Pretrained(Path checkpoint, TrainingReport.Pretrain report) {}

    /** The checkpoint of the run's pretrain recipe: from the cache, or trained now and cached. */
    private Pretrained pretrained(RunConfig run, Backbone backbone, NDManager manager, Progress progress) throws IOException {
        var recipe = run.backbone().weights().pretrain();
        Path file = PretrainCache.checkpointFor(context.cacheDir(), backbone.name(), recipe, run.preprocessing(), run.seed());
        if (Files.isRegularFile(file)) {
            Double accuracy = Checkpoints.readMetadata(file).metrics().get("test_accuracy");
            progress.say("reusing the pretrained backbone " + file);
            return new Pretrained(file, new TrainingReport.Pretrain(file.toString(), true, accuracy));
        }
        String at = "$.backbone.weights.pretrain.dataset";
        DatasetSplits data = datasets.open(recipe.dataset(), at, run.seed());
        PreprocessingConfig pp = run.preprocessing();
        Graph graph = backbone.build(new BackboneSpec(data.train().classNames().size(), backbone.inputChannels(), pp.height(), pp.width()));
        ImagePreprocessor pre = new ImagePreprocessor(pp, backbone.inputChannels());
        progress.say(String.format(Locale.ROOT, "pretraining %s from scratch on %d classes %s, %d images", backbone.name(),
                data.train().classNames().size(), data.train().classNames(), data.train().size()));
        try (NDManager scope = manager.newSubManager()) {
            TrainingHistory h = train(TrainingMode.SCRATCH, "pretrain", graph, backbone.head(), ParameterInitializer.initialize(graph, scope, run.seed()),
                    new ImageBatches(data.train(), pre, pp.randomFlip(), at + " (train)"), new ImageBatches(data.test(), pre, false, at + " (test)"),
                    recipe.training(), run.seed(), scope, progress, null);
            String name = file.getFileName().toString().replace(".safetensors", "");
            Checkpoints.write(file.getParent(), name, h.parameters(), new CheckpointMetadata(backbone.name(), data.train().classNames(),
                    pp.forModel(), Map.of("test_accuracy", h.testAccuracy())));
            return new Pretrained(file, new TrainingReport.Pretrain(file.toString(), false, h.testAccuracy()));
        }
    }

    /** One training of {@code graph} from {@code start} in {@code mode}. */
    private static TrainingHistory train(TrainingMode mode, String label, Graph graph, HeadInfo head, Parameters start, BatchSource train,
            BatchSource test, TrainingConfig t, long seed, NDManager manager, Progress progress, Distillation distillation) {
        Trainer trainer = new Trainer(progress);
        boolean best = t.checkpoint() == CheckpointChoice.BEST;
        if (mode != TrainingMode.FEATURE_EXTRACTION) {
            Set<String> trainable = new HashSet<>();
            graph.parameters().values().stream().filter(ParameterSpec::trainable).forEach(p -> trainable.add(p.name()));
            return trainer.fit(new Trainer.Run(label, Forward.of(new GraphExecutor(graph)), start, trainable, ForwardMode.TRAINING,
                    train, test, t, true, best, seed, distillation), manager);
        }
        Set<String> headParameters = new HashSet<>(head.parameterNames());
        if (!t.cacheFeatures()) {
            // The loop of the seed article: the frozen backbone runs again in every epoch. It sees
            // the same unaugmented images as the cache, so that caching changes speed, not results.
            return trainer.fit(new Trainer.Run(label, new GraphExecutor(graph), start, headParameters, ForwardMode.INFERENCE,
                    train, test, t, false, best, seed), manager);
        }
        long begin = System.nanoTime();
        GraphSplit split = GraphSplit.at(graph, head.featureNode());
        GraphExecutor backbone = new GraphExecutor(split.backbone());
        try (CachedFeatures trainFeatures = CachedFeatures.compute(backbone, start, train, t.batchSize(), manager, progress, label + " features (train)");
                CachedFeatures testFeatures = CachedFeatures.compute(backbone, start, test, t.batchSize(), manager, progress, label + " features (test)")) {
            TrainingHistory h = trainer.fit(new Trainer.Run(label, new GraphExecutor(split.head()), subset(start, split.head()), headParameters,
                    ForwardMode.TRAINING, trainFeatures, testFeatures, t, false, best, seed), manager);
            Parameters whole = start;
            for (String p : h.parameters().names()) {
                whole = whole.with(p, h.parameters().get(p));
            }
            // The time includes computing the features: that is what caching costs.
            return new TrainingHistory(h.label(), h.epochs(), whole, h.keptEpoch(), (System.nanoTime() - begin) / 1e9);
        }
    }

    private static Parameters subset(Parameters all, Graph graph) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String p : graph.parameters().keySet()) {
            out.put(p, all.get(p));
        }
        return new Parameters(out);
    }

    /** {@code base} with every array of {@code loaded} in place of its own. */
    private static Parameters merged(Parameters base, Map<String, NDArray> loaded) {
        Parameters out = base;
        for (Map.Entry<String, NDArray> e : loaded.entrySet()) {
            out = out.with(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String label(TrainingMode mode) {
        return switch (mode) {
            case FEATURE_EXTRACTION -> "transfer head";
            case FINE_TUNE -> "fine-tune";
            case SCRATCH -> "scratch";
            case DISTILL -> "distilled student";
            case NONE, QAT -> "model as given";
        };
    }

    private static String describe(WeightsSource w) {
        if (w == null) {
            return "the backbone's own";
        }
        return w.isPretrain() ? "pretrain recipe on " + w.pretrain().dataset().type() + " " + w.pretrain().dataset().options() : w.value();
    }
}
