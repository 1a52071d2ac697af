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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code qforge run}: the train, quantize and compile stages ({@link RunStages}), each skipped
 * when its key matches the one it last finished with, then the report. A rerun with only a
 * changed quantization config skips training; one with nothing changed only rewrites the report.
 */
public final class RunPipeline {

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
        StagingFolder.removeLeftovers(runDir, RunStages.ALL);
        Map<String, String> done = new LinkedHashMap<>();
        RunStages.Status trained = stages.train(config, runDir, version, manager, progress);
        done.put(trained.stage(), trained.outcome());
        for (RunStages.Status s : stages.compile(config, runDir, RunStages.checkpoint(runDir), false, version, manager, progress, out)) {
            done.put(s.stage(), s.outcome());
        }
        JsonFiles.write(runDir.resolve("config.json"), config.withDefaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        RunReport report = RunReport.assemble(runDir, run.name(), version, done, seconds);
        Path json = runDir.resolve("report.json");
        Path html = runDir.resolve("report.html");
        JsonFiles.write(json, report);
        ReportPage.write(html, JsonFiles.MAPPER.valueToTree(report));
        return new Outcome(done, report, json, html);
    }
}
