package io.qforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.qforge.cli.VersionProvider;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.executor.ExecutorExtensions;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import io.qforge.engine.tune.TrialResult;
import io.qforge.engine.tune.TuneBudget;
import io.qforge.engine.tune.TuneExecutor;
import io.qforge.engine.tune.Tuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qforge tune --executor spark} on {@code local[2]} tries the trials the search in one process tries, and chooses alike. */
class SparkTuneTest {

    @TempDir
    Path tmp;

    @Test
    void sparkTrialsGiveTheSearchOfOneProcess() throws Exception {
        Engine engine = Engine.start(null);
        JavaSparkContext sc = SparkJobs.context("local[2]");
        AtomicInteger tasks = new AtomicInteger();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                tasks.incrementAndGet();
            }
        });
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ValidatedConfig config = engine.get(ConfigLoader.class).load(SmallConfigs.write(tmp.resolve("run.json"), SmallConfigs.base()));
            String version = VersionProvider.version();
            Path here = tmp.resolve("here");
            Path spark = tmp.resolve("spark");
            engine.get(RunStages.class).train(config, here, false, version, manager, Progress.silent());
            copyTraining(here, spark);
            // A budget no trial meets: the search runs its five trials.
            TuneBudget budget = new TuneBudget(-1e9, 5, null);
            Tuning tuning = engine.get(Tuning.class);
            Tuning.Report one = tuning.run(config, here, budget, 50, version, manager, Progress.silent(), null);
            Tuning.Report many = tuning.run(config, spark, budget, 50, version, manager, Progress.silent(),
                    ExecutorExtensions.find(TuneExecutor.class, "spark", "--executor"));

            assertEquals(summary(one.trials()), summary(many.trials()));
            assertEquals(one.chosen(), many.chosen());
            assertEquals(one.pareto(), many.pareto());
            assertArrayEquals(Files.readAllBytes(Path.of(one.int8Config())), Files.readAllBytes(Path.of(many.int8Config())));
            assertTrue(tasks.get() >= many.trials().size(), "every trial ran as a Spark task: " + tasks.get() + " tasks");
        } finally {
            sc.stop();
        }
    }

    /** What a search decided from each trial: its settings, key, outcome and scores; not its time. */
    private static List<String> summary(List<TrialResult> trials) {
        return trials.stream().map(t -> t.trial().label() + " " + t.key() + " " + t.outcome() + " " + t.top1() + " " + t.testTop1() + " "
                + t.framesPerSecond()).toList();
    }

    private static void copyTraining(Path from, Path to) throws Exception {
        Files.createDirectories(to.resolve("checkpoint"));
        for (String f : List.of("training.json", "stages.json", "checkpoint/model.safetensors", "checkpoint/model.json")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }
}
