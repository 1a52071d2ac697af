package io.qforge.engine.compile;

import ai.djl.ndarray.NDManager;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.TargetOptions;
import io.qforge.engine.config.ResolvedQuantizeConfig;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.plugin.PluginRegistry;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.FoldedModel;
import io.qforge.engine.quant.PostTrainingQuantization;
import io.qforge.engine.quant.SimulatedQuantization;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 4: quantize with the target's constraints, inspect, compile into {@code compiled/}, estimate
 * the speed, and, when the target has an integer model, check it against the simulation on the
 * test split. Writes {@code compiled/compile_report.json}.
 */
public final class Compilation {

    private final PluginRegistry plugins;
    private final PostTrainingQuantization quantization;

    /**
     * What {@code compiled/compile_report.json} holds; {@code presetEstimates} has the speed
     * estimate on each of the target's presets, for comparing boards.
     */
    public record Report(String target, InspectionReport inspection, List<String> files, List<String> messages, PerformanceEstimate estimate,
            List<PerformanceEstimate> presetEstimates, IntegerCheck.Result integerCheck) {}

    @Inject
    public Compilation(PluginRegistry plugins, PostTrainingQuantization quantization) {
        this.plugins = plugins;
        this.quantization = quantization;
    }

    public Report run(RunConfig run, ResolvedQuantizeConfig config, Path checkpoint, Path outDir, NDManager manager, Progress progress,
            PrintStream out) throws IOException {
        TargetSelection target = TargetSelection.of(run, plugins, "compile");
        PostTrainingQuantization.Outcome quantized = quantization.run(run, config, checkpoint, outDir, manager, progress);
        InspectionReport inspection = target.device().inspect(quantized.model().graph(), target.options());
        PerformanceEstimate estimate = target.device().estimate(quantized.model().graph(), target.options());
        Inspection.print(target.device().name(), inspection, estimate, out);
        Path dir = outDir.resolve("compiled");
        CompiledArtifacts artifacts = target.device().compile(quantized.model(), dir, target.options());
        artifacts.messages().forEach(out::println);
        IntegerCheck.Result check = null;
        Optional<IntegerModel> integer = target.device().integerModel(quantized.model(), target.options());
        if (integer.isPresent()) {
            SimulatedQuantization simulated = new SimulatedQuantization(quantized.plan(), quantized.params(), quantized.roundModes());
            FoldedModel model = new FoldedModel(quantized.model().graph(), quantized.model().parameters());
            check = IntegerCheck.run(model, simulated, quantized.params(), integer.get(), quantized.test(), quantized.batchSize(), manager, progress);
            simulated.release();
            if (integer.get() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IOException("closing the target's integer model failed", e);
                }
            }
            check.disagreements().forEach(out::println);
        }
        List<String> files = artifacts.files().stream().map(f -> dir.relativize(f).toString()).toList();
        List<PerformanceEstimate> presets = new ArrayList<>();
        for (String preset : target.device().presets()) {
            Map<String, Object> options = new LinkedHashMap<>(target.options().values());
            options.put("preset", preset);
            presets.add(target.device().estimate(quantized.model().graph(), new TargetOptions(options)));
        }
        Report report = new Report(target.device().name(), inspection, files, artifacts.messages(), estimate, presets, check);
        StrictJson.writeFile(dir.resolve("compile_report.json"), report);
        return report;
    }
}
