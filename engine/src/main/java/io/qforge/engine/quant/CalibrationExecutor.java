package io.qforge.engine.quant;

import io.qforge.engine.executor.ExecutorExtension;
import io.qforge.engine.progress.Progress;
import java.util.List;

/**
 * Where the batches of a calibration are observed when {@code calibration.executor} names
 * something other than {@code local}: an add-on on the class path (qforge-spark's {@code spark})
 * registers one with {@link java.util.ServiceLoader}, named as {@code calibration.executor} selects it. It observes shards of the batches wherever it
 * likes, each with {@link CalibrationShards}, and hands them back; the engine merges them, so the
 * result equals a calibration in this process.
 */
public interface CalibrationExecutor extends ExecutorExtension {

    /**
     * Observes batches [0, {@code batches}) of {@code job} in shards that together cover them once,
     * returned in any order.
     */
    List<Calibration.Shard> observe(CalibrationJob job, int batches, Progress progress);
}
