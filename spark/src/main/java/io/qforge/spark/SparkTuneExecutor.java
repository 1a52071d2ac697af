package io.qforge.spark;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.tune.Trial;
import io.qforge.engine.tune.TrialResult;
import io.qforge.engine.tune.TrialRunner;
import io.qforge.engine.tune.TuneExecutor;
import io.qforge.engine.tune.TuneJob;
import io.qforge.engine.tune.Tuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code qforge tune --executor spark}: the search hands over as many trials at once as Spark has
 * task slots, each run as a Spark task by a trial runner that the executor sets up as the driver
 * would, in the same run folder (the same path on every machine). Trials and results travel as
 * JSON, as {@code trial.json} holds them.
 */
public final class SparkTuneExecutor implements TuneExecutor {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public TrialRunner runner(TuneJob job, Progress progress) {
        JavaSparkContext sc = SparkJobs.context(null);
        List<String> plugins = PluginShipping.ship(sc, job.pluginPaths());
        progress.say("tune: trials on Spark (" + sc.master() + "), " + sc.defaultParallelism() + " at once");
        return new TrialRunner() {
            @Override
            public TrialResult run(Trial trial) {
                return runAll(List.of(trial)).get(0);
            }

            @Override
            public int parallelism() {
                return sc.defaultParallelism();
            }

            @Override
            public List<TrialResult> runAll(List<Trial> trials) {
                try {
                    List<String> json = new ArrayList<>();
                    for (Trial t : trials) {
                        json.add(JsonFiles.MAPPER.writeValueAsString(t));
                    }
                    sc.setJobDescription("qforge tune: " + trials.size() + " trial(s)");
                    List<String> results = sc.parallelize(json, json.size()).map(t -> runOnExecutor(job, plugins, t)).collect();
                    List<TrialResult> out = new ArrayList<>();
                    for (String r : results) {
                        out.add(JsonFiles.MAPPER.readValue(r, TrialResult.class));
                    }
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static String runOnExecutor(TuneJob job, List<String> plugins, String trialJson) throws IOException {
        Engine engine = WorkerEngine.get(plugins);
        Trial trial = JsonFiles.MAPPER.readValue(trialJson, Trial.class);
        Path file = Files.createTempFile("qforge-tune-", ".json");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                TaskLog log = new TaskLog(TaskContext.get(), "[trial " + trial.label() + "] ")) {
            Files.writeString(file, job.runConfig(), StandardCharsets.UTF_8);
            Tuning.Trials trials = engine.get(Tuning.class).trials(engine.get(ConfigLoader.class).load(file), Path.of(job.runDir()), job.images(),
                    job.version(), manager, new Progress(log, false));
            return JsonFiles.MAPPER.writeValueAsString(trials.runner().run(trial));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
