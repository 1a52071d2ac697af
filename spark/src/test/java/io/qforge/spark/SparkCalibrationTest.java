package io.qforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.cli.VersionProvider;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.QuantizedArtifact;
import io.qforge.engine.stage.RunStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "calibration": {"executor": "spark"}} on {@code local[2]} gives the quant params and
 * report histograms of a calibration in one process, for every built-in calibrator, with the
 * calibration batches observed as several Spark tasks.
 */
class SparkCalibrationTest {

    @TempDir
    static Path tmp;

    private static Engine engine;
    private static JavaSparkContext sc;
    private static Path checkpoint;
    private static final AtomicInteger TASKS = new AtomicInteger();

    @BeforeAll
    static void trainOnceAndStartSpark() throws Exception {
        engine = Engine.start(null);
        sc = SparkJobs.context("local[2]");
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TASKS.incrementAndGet();
            }
        });
        Path config = SmallConfigs.write(tmp.resolve("base.json"), SmallConfigs.base());
        Path runDir = tmp.resolve("trained");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            engine.get(RunStages.class).train(engine.get(ConfigLoader.class).load(config), runDir, false, VersionProvider.version(), manager,
                    Progress.silent());
        }
        checkpoint = RunStages.checkpoint(runDir);
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    @ParameterizedTest(name = "{0} on {2}, histograms {1}")
    @CsvSource({"diffs,per_batch,dpu", "maxmin,per_batch,dpu", "maxmin,per_batch,cpu", "percentile,per_batch,cpu", "percentile,accumulated,cpu",
        "entropy,per_batch,cpu", "mse,accumulated,cpu"})
    void sparkExecutorsCalibrateAsOneProcessDoes(String method, String histograms, String target) throws Exception {
        ObjectNode config = SmallConfigs.withActivationMethod(target.equals("dpu") ? SmallConfigs.base() : SmallConfigs.cpu(), method);
        ((ObjectNode) config.get("calibration")).put("histograms", histograms);
        String name = method + "-" + histograms + "-" + target;
        Path local = quantize(config, "local", name);
        int before = TASKS.get();
        Path spark = quantize(config, "spark", name);
        assertTrue(TASKS.get() - before >= 2, "the calibration ran as several Spark tasks, not " + (TASKS.get() - before));

        for (String file : new String[] {"quant_params.json", "histograms.json"}) {
            assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(spark.resolve(file)), file + " differs");
        }
        assertEquals(SmallConfigs.files(local), SmallConfigs.files(spark));
    }

    private static Path quantize(ObjectNode config, String executor, String name) throws Exception {
        ObjectNode withExecutor = config.deepCopy();
        ((ObjectNode) withExecutor.get("calibration")).put("executor", executor);
        Path dir = tmp.resolve(executor).resolve(name);
        ValidatedConfig validated = engine.get(ConfigLoader.class).load(SmallConfigs.write(dir.resolve("config.json"), withExecutor));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            engine.get(RunStages.class).quantize(validated, dir, checkpoint, true, VersionProvider.version(), manager, Progress.silent());
        }
        return dir.resolve(QuantizedArtifact.DIR);
    }
}
