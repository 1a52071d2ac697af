package io.qforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.cli.QforgeCli;
import io.qforge.cli.VersionProvider;
import io.qforge.engine.Engine;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskKilled;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qforge sweep} on {@code local[2]}: four trials give what {@code qforge run} gives for the
 * same configs one by one; a second sweep reuses them all; and a sweep whose trial task Spark kills
 * midway retries it and still completes, with nothing half-written. The configs ask for Spark
 * calibration, which a trial observes inside its own task and {@code qforge run} in shards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSweepTest {

    @TempDir
    static Path tmp;

    private static JavaSparkContext sc;
    private static Engine engine;
    private static SweepSpec spec;
    private static SparkSweep.Outcome first;

    @BeforeAll
    static void sweepOnce() throws Exception {
        engine = Engine.start(null);
        sc = SparkJobs.context("local[2]");
        ObjectNode base = SmallConfigs.cpu();
        base.putObject("output").put("dir", tmp.resolve("unused").toString());
        // Trials calibrate inside their Spark task; qforge run of the same config on this JVM's Spark context, in shards.
        ((ObjectNode) base.get("calibration")).put("executor", "spark");
        SmallConfigs.write(tmp.resolve("base.json"), base);
        ObjectNode sweep = SmallConfigs.JSON.createObjectNode().put("name", "methods").put("base", "base.json");
        ObjectNode grid = sweep.putObject("grid");
        grid.putArray("quantization.tensor_quantize_config.activation.method").add("maxmin").add("diffs");
        grid.putArray("calibration.batches").add(3).add(6);
        spec = SweepSpec.read(SmallConfigs.write(tmp.resolve("sweep.json"), sweep));
        first = SparkSweep.run(engine, spec, tmp.resolve("sweeps").toString(), sc, VersionProvider.version(), quiet());
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    @Test
    @Order(1)
    void eachTrialEqualsQforgeRunOfItsConfig() throws Exception {
        assertEquals(List.of("method-maxmin_batches-3", "method-maxmin_batches-6", "method-diffs_batches-3", "method-diffs_batches-6"),
                first.trials().stream().map(TrialRecord::name).toList());
        assertEquals(1, first.trainings(), "the four trials share one training");
        for (PlannedTrial t : SparkSweep.plan(engine, spec, VersionProvider.version())) {
            Path config = SmallConfigs.write(tmp.resolve("one-by-one").resolve(t.name() + ".json"), (ObjectNode) SmallConfigs.JSON.readTree(t.config()));
            int exit = QforgeCli.run("run", config.toString(), "--out", tmp.resolve("one-by-one").toString());
            assertEquals(0, exit, "qforge run " + config);
            assertSameResults(tmp.resolve("one-by-one").resolve(t.name()), trialFolder(tmp.resolve("sweeps"), t.name()));
        }
    }

    @Test
    @Order(2)
    void aSecondSweepReusesEveryFinishedTrial() throws Exception {
        SparkSweep.Outcome again = SparkSweep.run(engine, spec, tmp.resolve("sweeps").toString(), sc, VersionProvider.version(), quiet());
        assertEquals(List.of(), again.ran());
        assertEquals(4, again.reused().size());
        assertEquals(0, again.trainings());
        assertEquals(first.trials(), again.trials());
    }

    @Test
    @Order(3)
    void aKilledTrialTaskIsRetriedAndLeavesNothingHalfWritten() throws Exception {
        AtomicInteger killed = new AtomicInteger();
        AtomicInteger trialTasks = new AtomicInteger();
        SparkListener killer = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                String job = sc.getLocalProperty("spark.job.description");
                if (job != null && job.endsWith(": trials") && trialTasks.getAndIncrement() == 1) {
                    new Thread(() -> {
                        try {
                            Thread.sleep(3000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sc.sc().killTaskAttempt(start.taskInfo().taskId(), true, "killed by the test");
                    }).start();
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof TaskKilled) {
                    killed.incrementAndGet();
                }
            }
        };
        sc.sc().addSparkListener(killer);
        Path out = tmp.resolve("killed");
        SparkSweep.Outcome o;
        try {
            o = SparkSweep.run(engine, spec, out.toString(), sc, VersionProvider.version(), quiet());
        } finally {
            sc.sc().removeSparkListener(killer);
        }
        assertEquals(1, killed.get(), "one trial task was killed");
        assertEquals(4, o.ran().size());
        assertEquals(first.trials().stream().map(TrialRecord::quantizedTop1).toList(), o.trials().stream().map(TrialRecord::quantizedTop1).toList());
        Path sweepDir = out.resolve(spec.name());
        assertFalse(Files.exists(sweepDir.resolve(SharedFolder.STAGING)), "no staged attempt is left");
        try (var trials = Files.list(sweepDir.resolve("trials"))) {
            assertEquals(4, trials.count(), "only the four finished trials are in trials/");
        }
        for (TrialRecord t : o.trials()) {
            assertSameResults(trialFolder(tmp.resolve("sweeps"), t.name()), trialFolder(out, t.name()));
        }
    }

    /** Last: the command stops the Spark context when it is done. */
    @Test
    @Order(4)
    void theCommandLineRunsTheSweepAndRefusesABadFile() throws Exception {
        PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = QforgeCli.run("sweep", spec.file().toString(), "--out", tmp.resolve("sweeps").toString(), "--master", "local[2]");
        } finally {
            System.setOut(stdout);
        }
        String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("qforge sweep methods: 4 trials") && printed.contains("0 ran, 4 finished before"), printed);
        assertTrue(printed.contains("method-diffs_batches-6"), printed);
        assertEquals(2, QforgeCli.run("sweep", tmp.resolve("no-such-sweep.json").toString()));
    }

    private static Path trialFolder(Path output, String trial) {
        return output.resolve(spec.name()).resolve("trials").resolve(trial);
    }

    /**
     * Same files, byte for byte where they do not record times or the folder the run was in, apart
     * from the sweep's trial record and qforge run's lock file.
     */
    private static void assertSameResults(Path expected, Path actual) throws Exception {
        assertTrue(Files.isRegularFile(actual.resolve("report.html")), actual + " is a finished run folder");
        List<Path> files = resultFiles(expected);
        assertEquals(files, resultFiles(actual));
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".safetensors") || name.endsWith(".xmodel") || name.endsWith(".onnx") || name.equals("quant_params.json")
                    || name.equals("histograms.json") || name.equals("config.json") || name.equals("stages.json")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f + " differs");
            }
        }
        JsonNode a = SmallConfigs.JSON.readTree(expected.resolve("report.json").toFile()).get("accuracy");
        JsonNode b = SmallConfigs.JSON.readTree(actual.resolve("report.json").toFile()).get("accuracy");
        assertEquals(a, b, "report.json accuracy");
    }

    private static List<Path> resultFiles(Path runDir) throws Exception {
        return SmallConfigs.files(runDir).stream().filter(f -> !f.toString().equals(TrialRecord.FILE) && !f.toString().equals(".lock")).toList();
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
