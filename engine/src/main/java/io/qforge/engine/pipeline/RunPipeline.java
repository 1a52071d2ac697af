package io.qforge.engine.pipeline;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.training.TransferTraining;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qforge run}: train, then quantize, inspect, compile and evaluate for the config's target,
 * then write the report. Each stage is skipped when its key (see {@link StageKeys}) matches the
 * one it last finished with, so a rerun with only a changed quantization config skips training.
 * Stages write into a staging folder and are moved into the run folder only when complete.
 */
public final class RunPipeline {

    static final String TRAIN = "train";
    static final String COMPILE = "quantize-compile";

    private final TransferTraining training;
    private final Compilation compilation;

    /** What each stage did ("ran" or "cached"), and the report written. */
    public record Outcome(Map<String, String> stages, ObjectNode report, Path reportJson, Path reportHtml) {}

    @Inject
    public RunPipeline(TransferTraining training, Compilation compilation) {
        this.training = training;
        this.compilation = compilation;
    }

    /** Runs every stage of {@code config} into {@code runDir}; {@code version} is part of every stage key. */
    public Outcome run(ValidatedConfig config, Path runDir, String version, NDManager manager, Progress progress, PrintStream out)
            throws IOException {
        long start = System.nanoTime();
        RunConfig run = config.run();
        if (run.target() == null) {
            throw new InvalidInputException("$.target", "is missing; qforge run compiles for a target. Allowed: a target object, "
                    + "e.g. {\"type\": \"DPUCZDX8G\", \"preset\": \"KV260\"} or {\"type\": \"onnxruntime-cpu\"}");
        }
        RunStaging.removeLeftovers(runDir, List.of(TRAIN, COMPILE));
        StageRecord record = StageRecord.read(runDir);
        Map<String, String> stages = new LinkedHashMap<>();
        Path checkpoint = runDir.resolve("checkpoint/model.safetensors");

        String trainKey = StageKeys.of(version, run.seed(), run.backbone(), run.dataset(), run.preprocessing(), run.training());
        if (record.matches(TRAIN, trainKey) && Files.isRegularFile(checkpoint)) {
            progress.say("train: cached, the backbone, dataset, preprocessing, training and seed are unchanged; reusing " + checkpoint);
            stages.put(TRAIN, "cached");
        } else {
            progress.say("train: running");
            try (RunStaging staging = RunStaging.open(runDir, TRAIN)) {
                training.run(run, staging.dir(), manager, progress);
                Path report = staging.dir().resolve("training.json");
                ObjectNode json = (ObjectNode) StrictJson.mapper().readTree(report.toFile());
                json.put("checkpoint", checkpoint.toString());
                StrictJson.writeFile(report, json);
                record.forget(TRAIN);
                staging.commit(runDir, List.of("training.json", "checkpoint"));
                record.put(TRAIN, trainKey);
            }
            stages.put(TRAIN, "ran");
        }

        String compileKey = StageKeys.of(version, trainKey, StageKeys.ofFile(checkpoint), config.quantization().withDefaults(), run.preprocessing(),
                run.calibration(), run.target());
        if (record.matches(COMPILE, compileKey) && Files.isDirectory(runDir.resolve("compiled"))) {
            progress.say("quantize, inspect, compile: cached, the checkpoint, quantization, calibration and target are unchanged");
            stages.put(COMPILE, "cached");
        } else {
            progress.say("quantize, inspect, compile: running");
            try (RunStaging staging = RunStaging.open(runDir, COMPILE)) {
                String stagingPath = staging.dir().toString();
                String finalPath = runDir.toAbsolutePath().toString();
                // Targets name their files in messages; name them where they will be, not where they are written.
                PrintStream relocated = new PrintStream(out, true) {
                    @Override
                    public void println(String line) {
                        super.println(line.replace(stagingPath, finalPath));
                    }
                };
                compilation.run(run, config.quantization(), checkpoint, staging.dir(), manager, progress, relocated);
                Path compileReport = staging.dir().resolve("compiled/compile_report.json");
                Files.writeString(compileReport, Files.readString(compileReport).replace(stagingPath, finalPath));
                StrictJson.writeFile(staging.dir().resolve("quantized/config.json"), config.withDefaults());
                record.forget(COMPILE);
                staging.commit(runDir, List.of("quantized", "compiled"));
                record.put(COMPILE, compileKey);
            }
            stages.put(COMPILE, "ran");
        }

        StrictJson.writeFile(runDir.resolve("config.json"), config.withDefaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode report = RunReport.assemble(runDir, run.name(), version, stages, seconds);
        Path json = runDir.resolve("report.json");
        Path html = runDir.resolve("report.html");
        StrictJson.writeFile(json, report);
        ReportPage.write(html, report);
        return new Outcome(stages, report, json, html);
    }
}
