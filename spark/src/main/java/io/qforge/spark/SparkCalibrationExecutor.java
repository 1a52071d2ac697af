package io.qforge.spark;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.Engine;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.Calibration;
import io.qforge.engine.quant.CalibrationExecutor;
import io.qforge.engine.quant.CalibrationJob;
import io.qforge.engine.quant.CalibrationShards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code "calibration": {"executor": "spark"}}: the calibration batches cut into one contiguous
 * shard per task slot, observed on the executors (the job broadcast once, the model rebuilt once
 * per executor), the shards' statistics collected for the engine to merge on the driver.
 */
public final class SparkCalibrationExecutor implements CalibrationExecutor {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public List<Calibration.Shard> observe(CalibrationJob job, int batches, Progress progress) {
        if (TaskContext.get() != null) {
            // Already inside a Spark task (a sweep's or a tune's trial): a task cannot submit a job, so observe every batch here.
            progress.say("calibrate: inside a Spark task, so observed in it");
            return List.of(observeInTask(job, batches));
        }
        JavaSparkContext sc = SparkJobs.context(null);
        List<String> plugins = PluginShipping.ship(sc, job.pluginPaths());
        List<ShardRange> ranges = ShardRange.split(batches, sc.defaultParallelism());
        progress.say("calibrate: " + ranges.size() + " shards on Spark (" + sc.master() + ")");
        Broadcast<CalibrationJob> shared = sc.broadcast(job);
        try {
            return sc.parallelize(ranges, ranges.size()).map(r -> observeOnExecutor(shared.value(), plugins, r)).collect();
        } finally {
            shared.destroy();
        }
    }

    private static Calibration.Shard observeInTask(CalibrationJob job, int batches) {
        Engine engine = WorkerEngine.get(PluginShipping.names(job.pluginPaths()));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            return engine.get(CalibrationShards.class).prepare(job, manager).observe(0, batches, manager, Progress.silent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Calibration.Shard observeOnExecutor(CalibrationJob job, List<String> plugins, ShardRange range) throws Exception {
        Engine engine = WorkerEngine.get(plugins);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            return PreparedJobs.get(engine, job).observe(range.from(), range.to(), manager, Progress.silent());
        }
    }
}
