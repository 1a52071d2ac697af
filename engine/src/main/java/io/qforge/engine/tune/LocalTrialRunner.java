package io.qforge.engine.tune;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.io.GraphJson;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.QuantizedArtifact;
import io.qforge.engine.quant.SimulatedTop1;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.stage.RunStages;
import io.qforge.engine.stage.StageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs trials in this process, each in its own folder {@code trials/<key>} under the search's
 * folder: the trial's run config ({@code config.json}, its quantization config inline), the
 * quantize stage's output without its weight files, and {@code trial.json}, its scores. The key hashes the trial's config,
 * the checkpoint, the scoring images and qforge's version, so a rerun, or a wider search, reads a
 * finished trial back instead of quantizing again. The target's rules are checked as for any
 * config: settings it does not accept make a refused trial, which costs nothing.
 */
public final class LocalTrialRunner implements TrialRunner {

    static final String TRIALS = "trials";
    static final String TRIAL = "trial.json";
    static final String CONFIG = "config.json";

    /** What the runner needs from the engine; {@code estimate} gives null for a config without a target. */
    public record Services(RunStages stages, ConfigLoader loader, SpecResolution resolution,
            BiFunction<ValidatedConfig, QuantizedModel, PerformanceEstimate> estimate) {}

    private final Services services;
    private final ObjectNode base;
    private final Path folder;
    private final Path checkpoint;
    private final Function<QuantizedModel, BatchSource> scoring;
    private final String scoringKey;
    private final int images;
    private final String version;
    private final NDManager manager;
    private final Progress progress;

    /**
     * @param base the base run config's JSON, its quantization config inline
     * @param folder the search's folder; trials go in {@code trials/}
     * @param scoring the images trials are scored on, labelled for a quantized model
     * @param scoringKey what identifies those images, part of each trial's key
     * @param images how many of them
     */
    public LocalTrialRunner(Services services, ObjectNode base, Path folder, Path checkpoint, Function<QuantizedModel, BatchSource> scoring,
            String scoringKey, int images, String version, NDManager manager, Progress progress) {
        this.services = services;
        this.base = base;
        this.folder = folder;
        this.checkpoint = checkpoint;
        this.scoring = scoring;
        this.scoringKey = scoringKey;
        this.images = images;
        this.version = version;
        this.manager = manager;
        this.progress = progress;
    }

    @Override
    public TrialResult run(Trial trial) {
        try {
            ObjectNode config = trial.applyTo(base);
            String key = StageKeys.of(version, config, StageKeys.ofFile(checkpoint), scoringKey, images).substring(0, 16);
            Path dir = folder.resolve(TRIALS).resolve(key);
            Path record = dir.resolve(TRIAL);
            if (Files.isRegularFile(record)) {
                return JsonFiles.read(record, TrialResult.class).cached();
            }
            Files.createDirectories(dir);
            Path configFile = dir.resolve(CONFIG);
            JsonFiles.write(configFile, config);
            TrialResult result = score(trial, key, configFile, dir);
            JsonFiles.write(record, result);
            dropWeights(dir.resolve(QuantizedArtifact.DIR));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("trial " + trial.label() + " failed", e);
        }
    }

    private TrialResult score(Trial trial, String key, Path configFile, Path dir) throws IOException {
        long start = System.nanoTime();
        ValidatedConfig validated;
        try {
            validated = services.loader().load(configFile);
            services.stages().quantize(validated, dir, checkpoint, false, version, manager, progress);
        } catch (InvalidInputException e) {
            return new TrialResult(trial, key, TrialResult.REFUSED, e.getMessage().strip(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0);
        }
        try (NDManager scope = manager.newSubManager()) {
            QuantizedArtifact.Loaded loaded = QuantizedArtifact.read(dir.resolve(QuantizedArtifact.DIR), services.resolution(), scope);
            QuantizedModel model = loaded.model();
            BatchSource data = scoring.apply(model);
            int n = Math.min(images, data.size());
            int batchSize = validated.run().calibration().batchSize();
            GraphExecutor executor = new GraphExecutor(model.graph());
            SimulatedTop1 reference = SimulatedTop1.ofFloat(model, executor, data, n, batchSize, scope);
            SimulatedTop1 quantized = SimulatedTop1.run(model, executor, data, n, batchSize, scope, t -> true, reference);
            PerformanceEstimate estimate = services.estimate().apply(validated, model);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.say(String.format(Locale.ROOT, "trial %s: top-1 %.2f%% (float %.2f%%) on %d scoring images, %.0f s", trial.label(),
                    100 * quantized.top1(), 100 * reference.top1(), n, seconds));
            return new TrialResult(trial, key, TrialResult.RAN, "", reference.top1(), quantized.top1(), loaded.report().evaluation().floatTop1(),
                    loaded.report().evaluation().quantizedTop1(), estimate == null ? Double.NaN : estimate.framesPerSecond(), seconds);
        }
    }

    /**
     * Deletes a scored trial's weight files (tens of megabytes each for a ResNet): its score is in
     * {@code trial.json}, and its config reproduces the weights. The graph and params stay.
     */
    private static void dropWeights(Path quantized) throws IOException {
        if (!Files.isDirectory(quantized)) {
            return;
        }
        try (Stream<Path> files = Files.list(quantized)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The folder of a trial that ran. */
    public Path folderOf(TrialResult result) {
        return folder.resolve(TRIALS).resolve(result.key());
    }

    /** The quantized graph of a trial that ran. */
    public Graph graphOf(TrialResult result) throws IOException {
        return GraphJson.read(JsonFiles.MAPPER.readTree(folderOf(result).resolve(QuantizedArtifact.DIR).resolve("graph.json").toFile()));
    }
}
