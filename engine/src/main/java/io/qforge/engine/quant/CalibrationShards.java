package io.qforge.engine.quant;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.HistogramMode;
import io.qforge.engine.io.StagingFolder;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.Checkpoints;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker's side of a calibration observed elsewhere ({@link CalibrationExecutor}): it rebuilds
 * the driver's model from a {@link CalibrationJob} (every pass before calibration run again on the
 * same weights and config, which is deterministic), checks it against the driver's digest,
 * and observes shards of the calibration batches.
 */
public final class CalibrationShards {

    private final ConfigLoader loader;
    private final PostTrainingQuantization quantization;

    @Inject
    public CalibrationShards(ConfigLoader loader, PostTrainingQuantization quantization) {
        this.loader = loader;
        this.quantization = quantization;
    }

    /** A job's model, plan and calibration data, ready to observe any shard of its batches. */
    public static final class Prepared {

        private final QuantizationState state;

        private Prepared(QuantizationState state) {
            this.state = state;
        }

        /** Observes batches [from, to) of the calibration order. Shards of one prepared job may be observed at once on several threads. */
        public Calibration.Shard observe(int from, int to, NDManager manager, Progress progress) {
            return Calibration.observeShard(new FoldedModel(state.graph, state.parameters), state.plan, state.train, state.calibration.batches(),
                    state.calibration.batchSize(), state.seed, state.calibration.histograms() == HistogramMode.ACCUMULATED, from, to, manager,
                    progress);
        }
    }

    /**
     * Rebuilds {@code job}'s model in {@code manager}, which must outlive the returned object.
     *
     * @throws IllegalStateException when the model differs from the driver's (another qforge
     *     version or other plugins here)
     */
    public Prepared prepare(CalibrationJob job, NDManager manager) throws IOException {
        Path dir = Files.createTempDirectory("qforge-calibration-");
        try {
            Path config = Files.writeString(dir.resolve("config.json"), job.runConfig(), StandardCharsets.UTF_8);
            Path weights = Files.write(dir.resolve("model.safetensors"), job.weights());
            if (job.metadata() != null) {
                Files.write(Checkpoints.metadataFile(weights), job.metadata());
            }
            ValidatedConfig validated = loader.load(config);
            QuantizationState state = quantization.stateBeforeCalibration(validated, weights, manager);
            String digest = ModelDigest.of(state.graph, state.parameters);
            if (!digest.equals(job.modelDigest())) {
                throw new IllegalStateException("this worker rebuilt a different model from the calibration job than the driver calibrates "
                        + "(digest " + digest.substring(0, 12) + ", the driver's " + job.modelDigest().substring(0, 12)
                        + "): run the same qforge version and plugins on the driver and on every executor");
            }
            return new Prepared(state);
        } finally {
            StagingFolder.deleteTree(dir);
        }
    }
}
