package io.qforge.engine.quant;

import io.qforge.engine.config.run.HistogramMode;
import io.qforge.engine.weights.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The calibrate pass when another executor observes the batches: it hands the executor a
 * {@link CalibrationJob} (the config, the weights, and the digest of the model as it stands
 * here), observes the weights itself, and merges the shards that come back. The result equals a
 * calibration in this process ({@link Calibration#merge}).
 */
final class DistributedCalibration {

    private final CalibrationExecutor executor;
    private final String runConfig;
    private final Path checkpoint;
    private final List<String> pluginPaths;

    DistributedCalibration(CalibrationExecutor executor, String runConfig, Path checkpoint, List<String> pluginPaths) {
        this.executor = executor;
        this.runConfig = runConfig;
        this.checkpoint = checkpoint;
        this.pluginPaths = pluginPaths;
    }

    /** The calibration, its time being everything from sending the job to the merge, the executor's start-up included. */
    Calibration.Result run(QuantizationState s) {
        long start = System.nanoTime();
        boolean accumulate = s.calibration.histograms() == HistogramMode.ACCUMULATED;
        Calibration.requireMergeable(s.plan, accumulate);
        FoldedModel model = new FoldedModel(s.graph, s.parameters);
        int batches = Calibration.batchesUsed(s.train, s.calibration.batches(), s.calibration.batchSize());
        String digest = ModelDigest.of(s.graph, s.parameters);
        CalibrationJob job;
        try {
            Path metadata = Checkpoints.metadataFile(checkpoint);
            job = new CalibrationJob(digest + "-" + Integer.toHexString(runConfig.hashCode()), runConfig, Files.readAllBytes(checkpoint),
                    Files.isRegularFile(metadata) ? Files.readAllBytes(metadata) : null, digest, pluginPaths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + checkpoint + " to send it to the calibration executor", e);
        }
        s.progress.say("calibrate: " + batches + " batches observed by executor " + executor.name());
        List<Calibration.Shard> shards = executor.observe(job, batches, s.progress).stream()
                .sorted(Comparator.comparingInt(Calibration.Shard::from)).toList();
        if (shards.isEmpty() || shards.get(shards.size() - 1).to() != batches) {
            throw new IllegalStateException("executor " + executor.name() + " returned shards that do not cover the " + batches + " calibration batches");
        }
        Calibration.Result merged = Calibration.merge(model, s.plan, accumulate, shards, s.progress);
        return new Calibration.Result(merged.params(), (System.nanoTime() - start) / 1e9, merged.histograms());
    }
}
