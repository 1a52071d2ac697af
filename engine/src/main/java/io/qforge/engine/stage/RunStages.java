package io.qforge.engine.stage;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.io.StagingFolder;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.PostTrainingQuantization;
import io.qforge.engine.quant.QuantizedArtifact;
import io.qforge.engine.quant.Sensitivity;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.training.TransferTraining;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three stages of a run, each cached by the key of its inputs ({@link StageKeys}) in the run
 * folder's {@link StageRecord}, and each written into a {@link StagingFolder} that replaces its
 * outputs only when complete:
 *
 * <ul>
 *   <li>{@code train}: {@code training.json}, {@code checkpoint/};
 *   <li>{@code quantize}: {@code quantized/}, loaded back by the compile stage;
 *   <li>{@code compile}: {@code compiled/}.
 * </ul>
 *
 * {@code qforge run} takes every stage whose key still matches from the run folder; {@code qforge
 * quantize} and {@code qforge compile} force their own stage and reuse the ones before it.
 */
public final class RunStages {

    public static final String TRAIN = "train";
    public static final String QUANTIZE = "quantize";
    public static final String COMPILE = "compile";
    public static final List<String> ALL = List.of(TRAIN, QUANTIZE, COMPILE);

    private final TransferTraining training;
    private final PostTrainingQuantization quantization;
    private final Compilation compilation;
    private final SpecResolution resolution;

    @Inject
    public RunStages(TransferTraining training, PostTrainingQuantization quantization, Compilation compilation, SpecResolution resolution) {
        this.training = training;
        this.quantization = quantization;
        this.compilation = compilation;
        this.resolution = resolution;
    }

    /** What a stage did: {@code ran} or {@code cached}, and its key. */
    public record Status(String stage, String outcome, String key) {}

    /** The train stage's key: what decides the trained weights. */
    public static String trainKey(RunConfig run, String version) {
        return StageKeys.of(version, run.seed(), run.backbone(), run.dataset(), run.preprocessing(), run.training());
    }

    /** Trains unless the run folder holds a training made from the same inputs; {@code force} trains anyway. */
    public Status train(ValidatedConfig config, Path runDir, boolean force, String version, NDManager manager, Progress progress)
            throws IOException {
        RunConfig run = config.run();
        String key = trainKey(run, version);
        Path checkpoint = checkpoint(runDir);
        StageRecord record = StageRecord.read(runDir);
        if (!force && record.matches(TRAIN, key) && Files.isRegularFile(checkpoint)) {
            progress.say("train: cached, the backbone, dataset, preprocessing, training and seed are unchanged; reusing " + checkpoint);
            return new Status(TRAIN, "cached", key);
        }
        progress.say("train: running");
        try (StagingFolder staging = StagingFolder.open(runDir, TRAIN)) {
            training.run(run, staging.dir(), manager, progress);
            Path report = staging.dir().resolve("training.json");
            ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(report.toFile());
            json.put("checkpoint", checkpoint.toString());
            JsonFiles.write(report, json);
            record.forget(TRAIN);
            staging.commit(runDir, List.of("training.json", "checkpoint"));
            record.put(TRAIN, key);
        }
        return new Status(TRAIN, "ran", key);
    }

    /** The checkpoint the train stage writes into {@code runDir}. */
    public static Path checkpoint(Path runDir) {
        return runDir.resolve("checkpoint/model.safetensors");
    }

    /**
     * Quantizes {@code checkpoint} unless {@code quantized/} was made from the same checkpoint,
     * quantization config, calibration and target; {@code force} quantizes anyway.
     */
    public Status quantize(ValidatedConfig config, Path runDir, Path checkpoint, boolean force, String version, NDManager manager,
            Progress progress) throws IOException {
        RunConfig run = config.run();
        String key = StageKeys.of(version, trainKey(run, version), StageKeys.ofFile(checkpoint), config.quantization().withDefaults(),
                run.preprocessing(), run.calibration().observedLocally(), run.target());
        StageRecord record = StageRecord.read(runDir);
        Path dir = runDir.resolve(QuantizedArtifact.DIR);
        if (!force && record.matches(QUANTIZE, key) && Files.isDirectory(dir)) {
            progress.say("quantize: cached, the checkpoint, quantization config, calibration and target are unchanged; reusing " + dir);
            return new Status(QUANTIZE, "cached", key);
        }
        progress.say("quantize: running");
        try (StagingFolder staging = StagingFolder.open(runDir, QUANTIZE)) {
            quantization.run(config, checkpoint, staging.dir(), manager, progress);
            record.forget(QUANTIZE);
            staging.commit(runDir, List.of(QuantizedArtifact.DIR));
            record.put(QUANTIZE, key);
            // A sensitivity analysis describes the quantization it ran on, which is gone now.
            Files.deleteIfExists(runDir.resolve(ANALYSIS));
        }
        return new Status(QUANTIZE, "ran", key);
    }

    /**
     * Compiles the quantization in {@code runDir} (quantizing first when it is missing or stale) for
     * the run's target, unless {@code compiled/} was made from the same quantization and target;
     * {@code force} compiles anyway. Target messages go to {@code out}.
     */
    public List<Status> compile(ValidatedConfig config, Path runDir, Path checkpoint, boolean force, String version, NDManager manager,
            Progress progress, PrintStream out) throws IOException {
        Status quantized = quantize(config, runDir, checkpoint, false, version, manager, progress);
        RunConfig run = config.run();
        String key = StageKeys.of(version, quantized.key(), run.target());
        StageRecord record = StageRecord.read(runDir);
        if (!force && record.matches(COMPILE, key) && Files.isDirectory(runDir.resolve(Compilation.DIR))) {
            progress.say("compile: cached, the quantization and the target are unchanged");
            return List.of(quantized, new Status(COMPILE, "cached", key));
        }
        progress.say("compile: running, from the quantization in " + runDir.resolve(QuantizedArtifact.DIR));
        try (StagingFolder staging = StagingFolder.open(runDir, COMPILE)) {
            String stagingPath = staging.dir().toString();
            String finalPath = runDir.toAbsolutePath().toString();
            // Targets name their files in messages; name them where they will be, not where they are written.
            PrintStream relocated = new PrintStream(out, true) {
                @Override
                public void println(String line) {
                    super.println(line.replace(stagingPath, finalPath));
                }
            };
            QuantizedArtifact.Loaded loaded = QuantizedArtifact.read(runDir.resolve(QuantizedArtifact.DIR), resolution, manager);
            compilation.run(run, loaded.model(), staging.dir(), manager, progress, relocated);
            Path compileReport = staging.dir().resolve(Compilation.DIR).resolve(Compilation.REPORT);
            Files.writeString(compileReport, Files.readString(compileReport).replace(stagingPath, finalPath));
            record.forget(COMPILE);
            staging.commit(runDir, List.of(Compilation.DIR));
            record.put(COMPILE, key);
        }
        return List.of(quantized, new Status(COMPILE, "ran", key));
    }

    /** Where {@code qforge analyze} writes its per-layer sensitivity, in the run folder. */
    public static final String ANALYSIS = "analysis.json";

    /**
     * Per-layer sensitivity of the quantization in {@code runDir} (quantizing first when it is
     * missing or stale) on the first {@code images} test images; written to {@link #ANALYSIS}.
     */
    public Sensitivity.Result analyze(ValidatedConfig config, Path runDir, Path checkpoint, int images, String version, NDManager manager,
            Progress progress) throws IOException {
        quantize(config, runDir, checkpoint, false, version, manager, progress);
        QuantizedArtifact.Loaded loaded = QuantizedArtifact.read(runDir.resolve(QuantizedArtifact.DIR), resolution, manager);
        Sensitivity.Result result = Sensitivity.run(loaded.model(), compilation.testSplit(config.run(), loaded.model()), images,
                config.run().calibration().batchSize(), manager, progress);
        JsonFiles.write(runDir.resolve(ANALYSIS), result);
        return result;
    }
}
