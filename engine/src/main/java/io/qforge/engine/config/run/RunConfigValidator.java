package io.qforge.engine.config.run;

import io.qforge.api.Backbone;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.engine.config.Problems;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks the sections of a run config other than {@code quantization} (which {@link
 * io.qforge.engine.config.ConfigLoader} checks with the Vitis AI rules), and fills in defaults.
 */
public final class RunConfigValidator {

    private final PluginRegistry plugins;

    @Inject
    public RunConfigValidator(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /**
     * Reports problems of {@code config}; {@code baseDir} resolves relative paths. Returns the
     * config with defaults (quantization left as is) when there were none.
     */
    public Optional<RunConfig> validate(RunConfig config, String defaultName, Path baseDir, Problems problems) {
        int before = problems.list().size();
        Backbone backbone = checkBackbone(config.backbone(), baseDir, problems);
        PluginSelection dataset = checkSelection(SpiType.DATASET, config.dataset(), "$.dataset", true, "{\"type\": \"fashion-mnist\"}", problems);
        PluginSelection target = checkSelection(SpiType.TARGET, config.target(), "$.target", false, "", problems);
        checkPreprocessing(config.preprocessing(), problems);
        checkTraining(config.training(), problems);
        checkCalibration(config.calibration(), problems);
        if (problems.list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RunConfig(
                config.schema(),
                config.name() != null ? config.name() : defaultName,
                config.seed() != null ? config.seed() : RunConfig.DEFAULT_SEED,
                new BackboneConfig(plugins.canonicalName(SpiType.BACKBONE, config.backbone().type()).orElseThrow(),
                        config.backbone().weights() != null ? config.backbone().weights() : BackboneConfig.NO_WEIGHTS),
                dataset,
                preprocessingWithDefaults(config.preprocessing(), backbone.defaultPreprocessing()),
                (config.training() != null ? config.training() : TrainingConfig.DEFAULTS).withDefaults(),
                config.quantization(),
                (config.calibration() != null ? config.calibration() : CalibrationConfig.DEFAULTS).withDefaults(),
                target,
                config.output() != null && config.output().dir() != null ? config.output() : OutputConfig.DEFAULTS));
    }

    private Backbone checkBackbone(BackboneConfig b, Path baseDir, Problems problems) {
        if (b == null || b.type() == null) {
            problems.add(b == null ? "$.backbone" : "$.backbone.type", "missing. A run config names its backbone, e.g. \"backbone\": {\"type\": \"resnet18\"}. Installed backbones: "
                    + plugins.knownList(SpiType.BACKBONE));
            return null;
        }
        Optional<Backbone> found = plugins.find(SpiType.BACKBONE, b.type());
        if (found.isEmpty()) {
            problems.add("$.backbone.type", "'" + b.type() + "' is not a known backbone. Allowed: " + plugins.knownList(SpiType.BACKBONE));
        }
        String w = b.weights();
        if (w != null && !w.equals(BackboneConfig.NO_WEIGHTS) && !w.equals(BackboneConfig.IMAGENET) && !Files.isRegularFile(baseDir.resolve(w))) {
            problems.add("$.backbone.weights", "no weights file at " + baseDir.resolve(w)
                    + ". Allowed: \"none\", \"imagenet\", or the path of a safetensors, ONNX or checkpoint file relative to the config");
        }
        return found.orElse(null);
    }

    private PluginSelection checkSelection(SpiType<?> spi, PluginSelection s, String path, boolean required, String example,
            Problems problems) {
        if (s == null) {
            if (required) {
                problems.add(path, "missing. A run config names its " + spi.singular() + ", e.g. " + example + ". Installed "
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

    private static void checkPreprocessing(PreprocessingConfig p, Problems problems) {
        if (p == null) {
            return;
        }
        atLeast(problems, "$.preprocessing.height", p.height(), 1);
        atLeast(problems, "$.preprocessing.width", p.width(), 1);
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

    private static void checkTraining(TrainingConfig t, Problems problems) {
        if (t == null) {
            return;
        }
        atLeast(problems, "$.training.epochs", t.epochs(), 1);
        atLeast(problems, "$.training.batch_size", t.batchSize(), 1);
        within(problems, "$.training.learning_rate", t.learningRate(), 0, false, 10, true);
        within(problems, "$.training.momentum", t.momentum(), 0, true, 1, false);
        within(problems, "$.training.weight_decay", t.weightDecay(), 0, true, 1, true);
        within(problems, "$.training.label_smoothing", t.labelSmoothing(), 0, true, 1, false);
    }

    private static void checkCalibration(CalibrationConfig c, Problems problems) {
        if (c == null) {
            return;
        }
        atLeast(problems, "$.calibration.batches", c.batches(), 1);
        atLeast(problems, "$.calibration.batch_size", c.batchSize(), 1);
        atLeast(problems, "$.calibration.cle_iterations", c.cleIterations(), 1);
        if (c.keepBitWidth() != null && (c.keepBitWidth() < 2 || c.keepBitWidth() > 32)) {
            problems.add("$.calibration.keep_bit_width", c.keepBitWidth() + " is out of range. Allowed: 2 to 32");
        }
    }

    private static void atLeast(Problems problems, String path, Integer value, int min) {
        if (value != null && value < min) {
            problems.add(path, value + " is too small. Allowed: " + min + " or more");
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
        List<Float> mean = given.mean() != null ? given.mean() : d.mean();
        return new PreprocessingConfig(
                given.height() != null ? given.height() : d.height(),
                given.width() != null ? given.width() : d.width(),
                given.resize() != null ? given.resize() : ResizeMode.RESIZE,
                given.grayscaleToRgb() != null ? given.grayscaleToRgb() : false,
                mean,
                given.std() != null ? given.std() : d.std(),
                given.randomFlip() != null ? given.randomFlip() : false);
    }
}
