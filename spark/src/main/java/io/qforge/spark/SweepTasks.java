package io.qforge.spark;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.io.StagingFolder;
import io.qforge.engine.pipeline.RunPipeline;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * What a sweep's Spark tasks do on an executor, each in a scratch folder of its own that it
 * publishes to the shared output when done ({@link SharedFolder#publish}): train a group's model,
 * or run one trial (training downloaded, then quantize, compile and report as {@code qforge run}).
 */
final class SweepTasks {

    private SweepTasks() {}

    /** Trains {@code trial}'s model and publishes the run folder as its training folder. */
    static String train(SharedFolder out, List<String> plugins, String version, PlannedTrial trial) throws IOException {
        TaskContext task = TaskContext.get();
        Engine engine = WorkerEngine.get(plugins);
        Path scratch = Files.createTempDirectory("qforge-train-");
        try (NDManager manager = NDManager.newBaseManager("PyTorch"); TaskLog log = new TaskLog(task, "[train " + trial.trainKey() + "] ")) {
            ValidatedConfig config = load(engine, trial, scratch);
            Path runDir = scratch.resolve("run");
            engine.get(RunStages.class).train(config, runDir, false, version, manager, new Progress(log, false));
            out.publish(runDir, trial.trainFolder(), attempt(task));
            return trial.trainKey();
        } finally {
            StagingFolder.deleteTree(scratch);
        }
    }

    /** Runs {@code trial} from its published training and publishes its run folder, {@link TrialRecord#FILE} in it. */
    static TrialRecord run(SharedFolder out, List<String> plugins, String version, PlannedTrial trial) throws IOException {
        long start = System.nanoTime();
        TaskContext task = TaskContext.get();
        Engine engine = WorkerEngine.get(plugins);
        Path scratch = Files.createTempDirectory("qforge-trial-");
        try (NDManager manager = NDManager.newBaseManager("PyTorch"); TaskLog log = new TaskLog(task, "[" + trial.name() + "] ")) {
            ValidatedConfig config = load(engine, trial, scratch);
            Path runDir = scratch.resolve(trial.name());
            out.download(trial.trainFolder(), runDir);
            RunPipeline.Outcome outcome = engine.get(RunPipeline.class).run(config, runDir, version, manager, new Progress(log, false), log);
            TrialRecord record = TrialRecord.of(trial, outcome.report(), (System.nanoTime() - start) / 1e9);
            JsonFiles.write(runDir.resolve(TrialRecord.FILE), record);
            out.publish(runDir, trial.folder(), attempt(task));
            return record;
        } finally {
            StagingFolder.deleteTree(scratch);
        }
    }

    private static ValidatedConfig load(Engine engine, PlannedTrial trial, Path scratch) throws IOException {
        Path file = Files.writeString(scratch.resolve(trial.name() + ".json"), trial.config(), StandardCharsets.UTF_8);
        return engine.get(ConfigLoader.class).load(file);
    }

    /** What names this task attempt's staged files: unique across attempts and speculative copies. */
    private static String attempt(TaskContext task) {
        return task == null ? "local" : "attempt-" + task.taskAttemptId();
    }
}
