package io.qforge.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.io.StagingFolder;
import io.qforge.engine.stage.RunStages;
import io.qforge.engine.stage.StageKeys;
import io.qforge.engine.stage.StageRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code qforge sweep}'s driver. It makes every trial's run config (the base with the trial's
 * patch) and validates them all before any work starts; trains each distinct model once, as Spark
 * tasks; then runs the trials as Spark tasks, one each, skipping those whose folder already holds
 * a finished trial of the same key; and writes {@code sweep.json}.
 *
 * <p>Output: {@code <output>/<sweep name>/} with {@code train/<key>/} (a training run folder per
 * distinct model), {@code trials/<trial>/} (each a complete run folder, as {@code qforge run}
 * writes it, plus {@link TrialRecord#FILE}) and {@code sweep.json}.
 */
final class SparkSweep {

    static final String SUMMARY = "sweep.json";

    /**
     * What a sweep did.
     *
     * @param folder the sweep's output folder (a URI)
     * @param trials every trial's record, in the sweep file's order
     * @param ran the trials run now
     * @param reused the trials found finished and skipped
     * @param trainings the models trained now
     * @param trainSeconds the wall time of the Spark job that trained them (0 when none was trained)
     * @param trialSeconds the wall time of the Spark job that ran the trials (0 when none ran)
     * @param seconds the sweep's wall time
     */
    record Outcome(String folder, List<TrialRecord> trials, List<String> ran, List<String> reused, int trainings, double trainSeconds,
            double trialSeconds, double seconds) {}

    private SparkSweep() {}

    /**
     * Runs {@code spec} on {@code sc}, writing under {@code output} (null: the sweep file's, else the
     * base config's output.dir).
     */
    static Outcome run(Engine engine, SweepSpec spec, String output, JavaSparkContext sc, String version, PrintStream log) throws IOException {
        long start = System.nanoTime();
        List<PlannedTrial> planned = plan(engine, spec, version);
        String root = output != null ? output : spec.output() != null ? spec.output() : baseOutput(engine, spec);
        SharedFolder out = new SharedFolder(root.endsWith("/") ? root + spec.name() : root + "/" + spec.name());
        out.clearStaging();
        List<String> plugins = PluginShipping.ship(sc, engine.plugins().pluginPaths());

        List<PlannedTrial> missing = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        for (PlannedTrial t : planned) {
            if (finished(out, t)) {
                reused.add(t.name());
            } else {
                missing.add(t);
            }
        }
        Map<String, PlannedTrial> toTrain = new LinkedHashMap<>();
        for (PlannedTrial t : missing) {
            if (!out.exists(t.trainFolder() + "/" + StageRecord.FILE)) {
                toTrain.putIfAbsent(t.trainKey(), t);
            }
        }
        log.printf("sweep %s: %d trials (%d finished before), %d model(s) to train, on Spark %s with %d task slots; output %s%n",
                spec.name(), planned.size(), reused.size(), toTrain.size(), sc.master(), sc.defaultParallelism(), out.uri());
        long trainStart = System.nanoTime();
        if (!toTrain.isEmpty()) {
            List<PlannedTrial> trainings = new ArrayList<>(toTrain.values());
            sc.setJobDescription("qforge sweep " + spec.name() + ": train");
            sc.parallelize(trainings, trainings.size()).map(t -> SweepTasks.train(out, plugins, version, t)).collect();
        }
        long trialStart = System.nanoTime();
        if (!missing.isEmpty()) {
            sc.setJobDescription("qforge sweep " + spec.name() + ": trials");
            sc.parallelize(missing, missing.size()).map(t -> SweepTasks.run(out, plugins, version, t)).collect();
        }
        long trialEnd = System.nanoTime();
        List<TrialRecord> records = new ArrayList<>();
        for (PlannedTrial t : planned) {
            records.add(JsonFiles.MAPPER.readValue(out.read(t.folder() + "/" + TrialRecord.FILE), TrialRecord.class));
        }
        Outcome outcome = new Outcome(out.uri(), records, missing.stream().map(PlannedTrial::name).toList(), reused, toTrain.size(),
                toTrain.isEmpty() ? 0 : (trialStart - trainStart) / 1e9, missing.isEmpty() ? 0 : (trialEnd - trialStart) / 1e9,
                (System.nanoTime() - start) / 1e9);
        out.write(SUMMARY, JsonFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(outcome), "driver");
        out.clearStaging();
        return outcome;
    }

    /** Whether the trial's folder holds a finished trial made with the same key. */
    private static boolean finished(SharedFolder out, PlannedTrial t) throws IOException {
        String record = t.folder() + "/" + TrialRecord.FILE;
        return out.exists(record) && t.key().equals(JsonFiles.MAPPER.readValue(out.read(record), TrialRecord.class).key());
    }

    /** Every trial's run config, validated as {@code qforge run} would; a bad one stops the sweep before any work. */
    static List<PlannedTrial> plan(Engine engine, SweepSpec spec, String version) throws IOException {
        ConfigLoader loader = engine.get(ConfigLoader.class);
        ValidatedConfig base = loader.load(spec.base());
        if (!base.isRunConfig() || base.run().target() == null) {
            throw new InvalidInputException(spec.file() + ": $.base", spec.base() + " is not a run config with a target. Allowed: a run config "
                    + "that qforge run accepts");
        }
        ObjectNode baseJson = base.selfContained();
        Path dir = Files.createTempDirectory("qforge-sweep-plan-");
        try {
            List<PlannedTrial> planned = new ArrayList<>();
            for (SweepSpec.Trial trial : spec.trials()) {
                ObjectNode json = JsonMergePatch.apply(baseJson, trial.patch());
                json.put("name", trial.name());
                Path file = Files.writeString(dir.resolve(trial.name() + ".json"), json.toPrettyString(), StandardCharsets.UTF_8);
                ValidatedConfig validated;
                try {
                    validated = loader.load(file);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(spec.file() + ": trial '" + trial.name() + "'", "makes a run config that is not valid: "
                            + e.getMessage(), e);
                }
                if (validated.run().target() == null) {
                    throw new InvalidInputException(spec.file() + ": trial '" + trial.name() + "'", "removes the target; a trial compiles "
                            + "for one. Allowed: a patch that keeps or changes $.target");
                }
                String trainKey = RunStages.trainKey(validated.run(), version).substring(0, 16);
                planned.add(new PlannedTrial(trial.name(), json.toString(), trainKey, StageKeys.of(version, json.toString())));
            }
            return planned;
        } finally {
            StagingFolder.deleteTree(dir);
        }
    }

    private static String baseOutput(Engine engine, SweepSpec spec) {
        return engine.get(ConfigLoader.class).load(spec.base()).run().output().dir();
    }
}
