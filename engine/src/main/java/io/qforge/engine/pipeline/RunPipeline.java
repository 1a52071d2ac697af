package io.qforge.engine.pipeline;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.io.StagingFolder;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code qforge run}: the train, quantize and compile stages ({@link RunStages}), each skipped
 * when its key matches the one it last finished with, then the report. A rerun with only a
 * changed quantization config skips training; one with nothing changed only rewrites the report.
 */
public final class RunPipeline {

    public static final String REPORT_JSON = "report.json";
    /** Written last: a run folder with it holds a finished run. */
    public static final String REPORT_HTML = "report.html";
    /** The staging folder of the report. */
    private static final String REPORT = "report";
    private static final List<String> LEFTOVERS = Stream.concat(RunStages.ALL.stream(), Stream.of(REPORT)).toList();

    private final RunStages stages;
    private final PluginRegistry plugins;

    /** What each stage did ("ran" or "cached"), and the report written. */
    public record Outcome(Map<String, String> stages, RunReport report, Path reportJson, Path reportHtml) {}

    @Inject
    public RunPipeline(RunStages stages, PluginRegistry plugins) {
        this.stages = stages;
        this.plugins = plugins;
    }

    /** Runs every stage of {@code config} into {@code runDir}; {@code version} is part of every stage key. */
    public Outcome run(ValidatedConfig config, Path runDir, String version, NDManager manager, Progress progress, PrintStream out)
            throws IOException {
        long start = System.nanoTime();
        RunConfig run = config.run();
        if (run.target() == null) {
            throw new InvalidInputException("$.target", "is missing; qforge run compiles for a target. Allowed: a target object, "
                    + "{\"type\": NAME, and the target's options}, NAME one of: " + plugins.knownList(SpiType.TARGET));
        }
        StagingFolder.removeLeftovers(runDir, LEFTOVERS);
        Map<String, String> done = new LinkedHashMap<>();
        RunStages.Status trained = stages.train(config, runDir, false, version, manager, progress);
        done.put(trained.stage(), trained.outcome());
        for (RunStages.Status s : stages.compile(config, runDir, RunStages.checkpoint(runDir), false, version, manager, progress, out)) {
            done.put(s.stage(), s.outcome());
        }
        JsonFiles.write(runDir.resolve("config.json"), config.withDefaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        RunReport report = RunReport.assemble(runDir, run.name(), version, done, seconds);
        writeReport(runDir, report);
        return new Outcome(done, report, runDir.resolve(REPORT_JSON), runDir.resolve(REPORT_HTML));
    }

    /**
     * Writes both report files as one staged step: the old page goes first and the new one comes
     * last, so a kill in between never leaves a page beside a report of another run.
     */
    private static void writeReport(Path runDir, RunReport report) throws IOException {
        try (StagingFolder staging = StagingFolder.open(runDir, REPORT)) {
            JsonFiles.write(staging.dir().resolve(REPORT_JSON), report);
            ReportPage.write(staging.dir().resolve(REPORT_HTML), JsonFiles.MAPPER.valueToTree(report));
            Files.deleteIfExists(runDir.resolve(REPORT_HTML));
            staging.commit(runDir, List.of(REPORT_JSON, REPORT_HTML));
        }
    }
}
