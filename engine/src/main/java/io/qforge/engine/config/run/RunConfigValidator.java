package io.qforge.engine.config.run;

import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.PluginContext;
import io.qforge.api.data.DatasetRequest;
import io.qforge.engine.config.Problems;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the sections of a run config other than {@code quantization} (which {@link
 * io.qforge.engine.config.ConfigLoader} checks with the Vitis AI rules), and fills in defaults.
 * Relative file paths are resolved against the config's folder, so that the resolved config
 * works from anywhere.
 */
public final class RunConfigValidator {

    private final PluginRegistry plugins;
    private final ConfiguredBackbones backbones;
    private final PluginContext context;

    @Inject
    public RunConfigValidator(PluginRegistry plugins, ConfiguredBackbones backbones, PluginContext context) {
        this.plugins = plugins;
        this.backbones = backbones;
        this.context = context;
    }

    /** The largest input side: a batch of 4096x4096 RGB floats already takes 200 MB per image. */
    public static final int MAX_INPUT_SIDE = 4096;

    /**
     * What a run name may be: one path segment of letters, digits, '.', '_' and '-', starting with
     * a letter or digit, so that {@code <output.dir>/<name>} stays inside the output folder.
     */
    public static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Reports problems of {@code config}; returns it with defaults when there were none. */
    public Optional<RunConfig> validate(RunConfig config, String defaultName, Path baseDir, Problems problems) {
        int before = problems.size();
        Map<String, Object> backboneOptions = config.backbone() == null ? Map.of() : absolutePaths(config.backbone().options(), baseDir, "$.backbone");
        Backbone backbone = checkBackbone(config.backbone(), backboneOptions, problems);
        WeightsSource weights = checkWeights(config.backbone(), baseDir, problems);
        checkClasses(config.backbone(), problems);
        checkNoTraining(config.training(), backbone, weights, problems);
        PluginSelection dataset = withAbsolutePaths(checkSelection(SpiType.DATASET, config.dataset(), "$.dataset", true, problems), baseDir, "$.dataset");
        checkDataset(dataset, "$.dataset", config.seed(), problems);
        PluginSelection target = checkSelection(SpiType.TARGET, config.target(), "$.target", false, problems);
        checkPreprocessing(config.preprocessing(), backbone, problems);
        checkTraining(config.training(), "$.training", problems);
        TeacherSource teacher = checkTeacher(config.training(), baseDir, problems);
        checkCalibration(config.calibration(), problems);
        checkName(config.name(), defaultName, problems);
        checkOutput(config.output(), problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RunConfig(
                config.schema(),
                config.name() != null ? config.name() : defaultName,
                config.seed() != null ? config.seed() : RunConfig.DEFAULT_SEED,
                new BackboneConfig(backbone.name(), weights, config.backbone().classes(), backboneOptions),
                dataset,
                preprocessingWithDefaults(config.preprocessing(), backbone.defaultPreprocessing()),
                (config.training() != null ? config.training().withTeacher(teacher) : TrainingConfig.DEFAULTS).withDefaults(),
                config.quantization(),
                (config.calibration() != null ? config.calibration() : CalibrationConfig.DEFAULTS).withDefaults(),
                target,
                config.output() != null && config.output().dir() != null ? config.output() : OutputConfig.DEFAULTS));
    }

    /** The backbone set up with its options, or null after reporting why it cannot be. */
    private Backbone checkBackbone(BackboneConfig b, Map<String, Object> options, Problems problems) {
        if (b == null || b.type() == null) {
            problems.add(b == null ? "$.backbone" : "$.backbone.type", "missing. A run config names its backbone, \"backbone\": {\"type\": NAME}. Installed backbones: "
                    + plugins.knownList(SpiType.BACKBONE));
            return null;
        }
        Optional<Backbone> found = plugins.find(SpiType.BACKBONE, b.type());
        if (found.isEmpty()) {
            problems.add("$.backbone.type", "'" + b.type() + "' is not a known backbone. Allowed: " + plugins.knownList(SpiType.BACKBONE));
            return null;
        }
        try {
            return backbones.get(found.get().name(), options);
        } catch (InvalidInputException e) {
            addPluginProblem(problems, e, "$.backbone");
            return null;
        }
    }

    private static void checkName(String name, String defaultName, Problems problems) {
        String allowed = "Allowed: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit (the run folder's name "
                + "inside the output folder)";
        if (name != null && !RUN_NAME.matcher(name).matches()) {
            problems.add("$.name", quoted(name) + " is not a run name. " + allowed);
        } else if (name == null && !RUN_NAME.matcher(defaultName).matches()) {
            problems.add("$.name", "is missing, and the config file's name " + quoted(defaultName) + " cannot be the run's name. Set name. "
                    + allowed);
        }
    }

    /** A name as the user wrote it, with control characters made visible. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(120).forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append(text.length() > 120 ? "...'" : "'").toString();
    }

    private static void checkOutput(OutputConfig output, Problems problems) {
        if (output == null || output.dir() == null) {
            return;
        }
        try {
            Path dir = Path.of(output.dir());
            if (output.dir().isBlank()) {
                problems.add("$.output.dir", "is empty. Allowed: a folder path (created when missing), e.g. \"out\"");
            } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
                problems.add("$.output.dir", dir.toAbsolutePath() + " is a file. Allowed: a folder (created when missing)");
            }
        } catch (InvalidPathException e) {
            problems.add("$.output.dir", quoted(output.dir()) + " is not a path on this system (" + e.getReason() + ")");
        }
    }

    private static void checkClasses(BackboneConfig b, Problems problems) {
        if (b == null || b.classes() == null) {
            return;
        }
        if (b.classes().isEmpty()) {
            problems.add("$.backbone.classes", "is empty. Allowed: the class names of the model's outputs, in label order");
        }
        for (int i = 0; i < b.classes().size(); i++) {
            String name = b.classes().get(i);
            if (name == null || name.isBlank()) {
                problems.add("$.backbone.classes[" + i + "]", "is not a class name. Allowed: a non-empty string");
            } else if (b.classes().indexOf(name) != i) {
                problems.add("$.backbone.classes[" + i + "]", "'" + name + "' is listed twice. Allowed: each class once");
            }
        }
    }

    /**
     * Training modes none and qat use the model as given (qat trains it further in the quantize
     * stage), so they need weights: a file, or the network's own (an ONNX file's); none trains no
     * comparison either.
     */
    private static void checkNoTraining(TrainingConfig t, Backbone backbone, WeightsSource weights, Problems problems) {
        if (t == null || (t.mode() != TrainingMode.NONE && t.mode() != TrainingMode.QAT)) {
            return;
        }
        if (backbone != null && !weights.isFile() && !weights.isImagenet() && !(weights.isNone() && backbone.hasOwnWeights())) {
            problems.add("$.backbone.weights", "training mode " + (t.mode() == TrainingMode.QAT ? "qat starts from a trained float model"
                    : "none uses the model as given") + ", but there are no weights to give it: "
                    + (weights.isPretrain() ? "a pretrain recipe trains a backbone for training to go on from. " : backbone.name() + " brings none of its own. ")
                    + "Allowed: the path of a safetensors or ONNX file of the trained model, relative to the config");
        }
        if (t.mode() == TrainingMode.NONE && t.compare() != null && !t.compare().isEmpty()) {
            problems.add("$.training.compare", "training mode none trains nothing to compare. Allowed: [] (leave it out)");
        }
    }

    /**
     * The teacher of mode distill (required) or qat (optional, {@code "float-model"} or a model), with its
     * weights file made absolute; the distillation settings are checked wherever a teacher is.
     */
    private TeacherSource checkTeacher(TrainingConfig t, Path baseDir, Problems problems) {
        TrainingMode mode = t == null || t.mode() == null ? TrainingConfig.DEFAULTS.mode() : t.mode();
        TeacherSource teacher = t == null ? null : t.teacher();
        String at = "$.training.teacher";
        if (mode == TrainingMode.DISTILL && teacher == null) {
            problems.add(at, "is missing: mode distill trains a student on a teacher's softened logits. Allowed: "
                    + "{\"type\": NAME, \"weights\": FILE} (a backbone and its trained weights, or a qforge checkpoint)");
            return null;
        }
        if (teacher == null) {
            return null;
        }
        if (mode != TrainingMode.DISTILL && mode != TrainingMode.QAT) {
            problems.add(at, "is set, but mode " + mode.configName()
                    + " learns from the labels alone. Allowed: mode distill, or mode qat (quantization-aware distillation); or leave teacher out");
            return teacher;
        }
        within(problems, "$.training.temperature", t.temperature(), 0, false, 100, true);
        within(problems, "$.training.alpha", t.alpha(), 0, true, 1, true);
        if (teacher.isFloatModel()) {
            if (mode == TrainingMode.DISTILL) {
                problems.add(at, "\"float-model\" is the model being quantized, which only mode qat has. Allowed in mode distill: "
                        + "{\"type\": NAME, \"weights\": FILE}");
            }
            return teacher;
        }
        BackboneConfig b = teacher.backbone();
        if (b.type() == null || plugins.find(SpiType.BACKBONE, b.type()).isEmpty()) {
            problems.add(at + ".type", (b.type() == null ? "missing" : "'" + b.type() + "' is not a known backbone") + ". Allowed: "
                    + plugins.knownList(SpiType.BACKBONE));
            return teacher;
        }
        WeightsSource w = b.weights() == null ? WeightsSource.of(WeightsSource.NONE) : b.weights();
        if (w.isPretrain()) {
            problems.add(at + ".weights", "a teacher is a trained model, not a pretrain recipe. Allowed: the path of a safetensors, "
                    + "ONNX or qforge checkpoint file, relative to the config, or \"imagenet\"");
            return teacher;
        }
        if (w.isFile()) {
            Path file = Path.of(absolute(baseDir, w.value(), at + ".weights"));
            if (!Files.isRegularFile(file)) {
                problems.add(at + ".weights", "no weights file at " + file + ". Allowed: the path of a safetensors, ONNX or qforge checkpoint "
                        + "file, relative to the config");
            }
            w = WeightsSource.of(file.toString());
        }
        Map<String, Object> options = absolutePaths(b.options(), baseDir, at);
        return new TeacherSource(new BackboneConfig(plugins.canonicalName(SpiType.BACKBONE, b.type()).orElse(b.type()), w, b.classes(), options));
    }

    /** The weights source with defaults, a file resolved to an absolute path, and a recipe checked. */
    private WeightsSource checkWeights(BackboneConfig b, Path baseDir, Problems problems) {
        if (b == null || b.weights() == null) {
            return WeightsSource.of(WeightsSource.NONE);
        }
        WeightsSource w = b.weights();
        if (w.isPretrain()) {
            PretrainConfig p = w.pretrain();
            String at = "$.backbone.weights.pretrain";
            PluginSelection dataset = withAbsolutePaths(checkSelection(SpiType.DATASET, p.dataset(), at + ".dataset", true, problems), baseDir, at + ".dataset");
            checkDataset(dataset, at + ".dataset", null, problems);
            checkTraining(p.training(), at + ".training", problems);
            // A recipe's training defaults to scratch, whatever the main training's default mode is.
            TrainingConfig given = p.training() != null ? p.training() : TrainingConfig.DEFAULTS.withMode(null);
            TrainingConfig training = (given.mode() == null ? given.withMode(TrainingMode.SCRATCH) : given).withDefaults();
            if (training.mode() != TrainingMode.SCRATCH) {
                problems.add(at + ".training.mode", "a pretrain recipe trains from scratch. Allowed: scratch");
            }
            if (!training.compare().isEmpty()) {
                problems.add(at + ".training.compare", "a pretrain recipe has no comparison runs. Allowed: [] (leave it out)");
            }
            return new WeightsSource(null, new PretrainConfig(dataset, training));
        }
        if (w.isFile()) {
            Path file = Path.of(absolute(baseDir, w.value(), "$.backbone.weights"));
            if (!Files.isRegularFile(file)) {
                problems.add("$.backbone.weights", "no weights file at " + file
                        + ". Allowed: \"none\", \"imagenet\", the path of a safetensors or ONNX file relative to the config, or {\"pretrain\": {...}}");
            }
            return WeightsSource.of(file.toString());
        }
        return w;
    }

    private PluginSelection checkSelection(SpiType<?> spi, PluginSelection s, String path, boolean required, Problems problems) {
        if (s == null) {
            if (required) {
                problems.add(path, "missing. A run config names its " + spi.singular() + ", {\"type\": NAME, and the plugin's options}. Installed "
                        + spi.plural() + ": " + plugins.knownList(spi));
            }
            return null;
        }
        if (s.type() == null) {
            problems.add(path + ".type", "missing. Installed " + spi.plural() + ": " + plugins.knownList(spi));
            return null;
        }
        Optional<String> canonical = plugins.canonicalName(spi, s.type());
        if (canonical.isEmpty()) {
            problems.add(path + ".type", "'" + s.type() + "' is not a known " + spi.singular() + ". Allowed: " + plugins.knownList(spi));
            return null;
        }
        return s.withType(canonical.get());
    }

    /** The dataset plugin's own check of its options and files, without reading images. */
    private void checkDataset(PluginSelection dataset, String at, Long seed, Problems problems) {
        if (dataset == null) {
            return;
        }
        try {
            plugins.get(SpiType.DATASET, dataset.type(), at + ".type")
                    .check(new DatasetRequest(dataset.options(), DatasetRequest.TRAIN, seed != null ? seed : RunConfig.DEFAULT_SEED, at, context));
        } catch (InvalidInputException e) {
            addPluginProblem(problems, e, at);
        } catch (IOException e) {
            problems.add(at, "cannot be read: " + e.getMessage());
        }
    }

    /** A plugin's refusal under its own JSON path, or under {@code at} with its location (a file) in the message. */
    private static void addPluginProblem(Problems problems, InvalidInputException e, String at) {
        boolean jsonPath = e.location() != null && e.location().startsWith("$");
        problems.add(jsonPath ? e.location() : at, jsonPath ? e.detail() : e.getMessage());
    }

    /** A dataset's options with their paths made absolute (see {@link #absolutePaths}). */
    private static PluginSelection withAbsolutePaths(PluginSelection s, Path baseDir, String at) {
        return s == null ? null : new PluginSelection(s.type(), absolutePaths(s.options(), baseDir, at));
    }

    /**
     * A plugin's options with every {@code path} and {@code *_path} string made absolute against
     * the config's folder, so that relative paths mean the same from any working folder.
     */
    private static Map<String, Object> absolutePaths(Map<String, Object> options, Path baseDir, String at) {
        Map<String, Object> out = new LinkedHashMap<>(options);
        out.replaceAll((key, value) -> (key.equals("path") || key.endsWith("_path")) && value instanceof String text
                ? absolute(baseDir, text, at + "." + key) : value);
        return out;
    }

    private static String absolute(Path baseDir, String path, String at) {
        try {
            return baseDir.resolve(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw new InvalidInputException(at, quoted(path) + " is not a path on this system (" + e.getReason() + ")");
        }
    }

    private static void checkPreprocessing(PreprocessingConfig p, Backbone backbone, Problems problems) {
        if (p == null) {
            return;
        }
        int minimum = backbone == null ? 1 : backbone.minimumInputSize();
        atLeast(problems, "$.preprocessing.height", p.height(), minimum, backbone);
        atLeast(problems, "$.preprocessing.width", p.width(), minimum, backbone);
        atMost(problems, "$.preprocessing.height", p.height(), MAX_INPUT_SIDE);
        atMost(problems, "$.preprocessing.width", p.width(), MAX_INPUT_SIDE);
        if (p.mean() != null && p.mean().size() != 1 && p.mean().size() != 3) {
            problems.add("$.preprocessing.mean", "has " + p.mean().size() + " values. Allowed: 1 or 3, one per channel");
        }
        if (p.mean() != null && p.std() != null && p.mean().size() != p.std().size()) {
            problems.add("$.preprocessing.std", "has " + p.std().size() + " values but mean has " + p.mean().size() + ". Allowed: as many as mean");
        }
        if (p.std() != null) {
            for (int i = 0; i < p.std().size(); i++) {
                Float s = p.std().get(i);
                if (s == null || !(s > 0)) {
                    problems.add("$.preprocessing.std[" + i + "]", s + " is not a valid standard deviation. Allowed: a number above 0");
                }
            }
        }
    }

    private static void checkTraining(TrainingConfig t, String at, Problems problems) {
        if (t == null) {
            return;
        }
        atLeast(problems, at + ".epochs", t.epochs(), 1, null);
        atLeast(problems, at + ".batch_size", t.batchSize(), 1, null);
        within(problems, at + ".learning_rate", t.learningRate(), 0, false, 10, true);
        within(problems, at + ".momentum", t.momentum(), 0, true, 1, false);
        within(problems, at + ".weight_decay", t.weightDecay(), 0, true, 1, true);
        within(problems, at + ".label_smoothing", t.labelSmoothing(), 0, true, 1, false);
        List<CompareRun> compare = t.compare() == null ? List.of() : t.compare();
        TrainingMode mode = t.mode() != null ? t.mode() : TrainingConfig.DEFAULTS.mode();
        if (compare.contains(CompareRun.NO_TEACHER) && mode != TrainingMode.DISTILL) {
            problems.add(at + ".compare", "no-teacher compares a student trained without its teacher, so it needs mode distill, not "
                    + mode.configName());
        }
        if (mode == TrainingMode.QAT && !compare.isEmpty()) {
            problems.add(at + ".compare", "mode qat trains the quantized model in the quantize stage, beside the float model it starts "
                    + "from; it has no comparison runs. Allowed: [] (leave it out)");
        }
        if (compare.contains(CompareRun.RANDOM_BACKBONE) && mode != TrainingMode.FEATURE_EXTRACTION) {
            problems.add(at + ".compare", "random-backbone compares feature extraction on a random backbone, so it needs mode feature-extraction, not "
                    + mode.configName());
        }
        if (t.fineTune() != null) {
            TrainingConfig f = t.fineTune();
            checkTraining(f, at + ".fine_tune", problems);
            if (f.mode() != null || f.compare() != null || f.fineTune() != null || f.cacheFeatures() != null || f.teacher() != null
                    || f.temperature() != null || f.alpha() != null || f.cacheTeacherLogits() != null) {
                problems.add(at + ".fine_tune", "sets the fine-tune comparison's optimisation only. Allowed keys: epochs, batch_size, optimizer, "
                        + "learning_rate, momentum, weight_decay, schedule, label_smoothing, checkpoint");
            }
            if (!compare.contains(CompareRun.FINE_TUNE)) {
                problems.add(at + ".fine_tune", "is used by the fine-tune comparison, but compare does not list \"fine-tune\"");
            }
        }
        if (compare.size() != compare.stream().distinct().count()) {
            problems.add(at + ".compare", "lists a run twice. Allowed: random-backbone, fine-tune, no-teacher, each at most once");
        }
    }

    private static void checkCalibration(CalibrationConfig c, Problems problems) {
        if (c == null) {
            return;
        }
        atLeast(problems, "$.calibration.batches", c.batches(), 1, null);
        atLeast(problems, "$.calibration.batch_size", c.batchSize(), 1, null);
        atLeast(problems, "$.calibration.cle_iterations", c.cleIterations(), 1, null);
        atLeast(problems, "$.calibration.fast_ft_epochs", c.fastFtEpochs(), 1, null);
        atLeast(problems, "$.calibration.adaround_iterations", c.adaroundIterations(), 1, null);
        if (c.keepBitWidth() != null && (c.keepBitWidth() < 2 || c.keepBitWidth() > 32)) {
            problems.add("$.calibration.keep_bit_width", c.keepBitWidth() + " is out of range. Allowed: 2 to 32");
        }
        if (c.executor() != null && !c.executor().matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add("$.calibration.executor", "'" + c.executor() + "' is not an executor name. Allowed: local (the default), "
                    + "or an installed executor's lowercase name, such as spark with the qforge-spark add-on");
        }
    }

    private static void atLeast(Problems problems, String path, Integer value, int min, Backbone why) {
        if (value != null && value < min) {
            problems.add(path, value + (why == null ? " is too small" : " is smaller than " + why.name() + " accepts")
                    + ". Allowed: " + min + " or more" + (why == null ? "" : "; resize or pad the images to at least " + min));
        }
    }

    private static void atMost(Problems problems, String path, Integer value, int max) {
        if (value != null && value > max) {
            problems.add(path, value + " is too large. Allowed: up to " + max + " pixels");
        }
    }

    private static void within(Problems problems, String path, Double value, double lo, boolean loIncluded, double hi, boolean hiIncluded) {
        if (value == null) {
            return;
        }
        boolean ok = (loIncluded ? value >= lo : value > lo) && (hiIncluded ? value <= hi : value < hi);
        if (!ok) {
            problems.add(path, value + " is out of range. Allowed: " + (loIncluded ? "[" : "(") + lo + ", " + hi + (hiIncluded ? "]" : ")"));
        }
    }

    private static PreprocessingConfig preprocessingWithDefaults(PreprocessingConfig p, Preprocessing d) {
        PreprocessingConfig given = p != null ? p : new PreprocessingConfig(null, null, null, null, null, null, null);
        return new PreprocessingConfig(
                given.height() != null ? given.height() : d.height(),
                given.width() != null ? given.width() : d.width(),
                given.resize() != null ? given.resize() : ResizeMode.RESIZE,
                given.grayscaleToRgb() != null ? given.grayscaleToRgb() : false,
                given.mean() != null ? given.mean() : d.mean(),
                given.std() != null ? given.std() : d.std(),
                given.randomFlip() != null ? given.randomFlip() : false);
    }
}
