package com.example.qforge.edgenpu;

import io.qforge.api.TargetDevice;
import io.qforge.api.graph.Graph;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.StagedDirectory;
import io.qforge.api.target.TargetOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code edge-npu}: a fictional NPU with 4-bit weights (one power-of-two scale per output channel),
 * unsigned 8-bit activations with a zero point, 32-bit biases and half-to-even rounding, whose
 * adder takes both inputs at one scale. Compiling writes the model as QDQ ONNX ({@code
 * model_qdq.onnx}) and what an application needs beside it ({@code model.json}).
 *
 * <p>Its only option is {@code strict}: {@code "target": {"type": "edge-npu", "strict": true}}
 * refuses settings and params the NPU would otherwise have to change.
 */
public final class EdgeNpuTarget implements TargetDevice {

    static final String NAME = "edge-npu";
    /** The NPU's peak: 1000 MACs per cycle (4-bit weights) at 1 GHz. */
    static final double MACS_PER_SECOND = 1e12;
    private static final double MACS_PER_CYCLE = 1000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a fictional NPU: 4-bit power-of-two per-channel weights, uint8 activations; QDQ ONNX (example third-party target)";
    }

    @Override
    public QuantizationRules quantizationRules(TargetOptions options) {
        return new EdgeNpuRules(options.context().plugins(), strict(options));
    }

    @Override
    public InspectionReport inspect(Graph graph, TargetOptions options) {
        strict(options);
        return EdgeNpuInspector.inspect(graph);
    }

    /** At the NPU's peak, one image at a time; an image takes at least one cycle. */
    @Override
    public PerformanceEstimate estimate(Graph graph, TargetOptions options) {
        strict(options);
        long macs = MacCount.total(graph);
        double cycles = Math.max(1, Math.ceil(macs / MACS_PER_CYCLE));
        double seconds = cycles * MACS_PER_CYCLE / MACS_PER_SECOND;
        return new PerformanceEstimate("edge-npu, 1 TMAC/s", 1 / seconds, seconds * 1e3, String.format(Locale.ROOT,
                "analytic: %,d MACs of conv and linear layers per image on a 1 TMAC/s NPU (1000 MACs per cycle with 4-bit weights "
                        + "at 1 GHz), batch 1, full utilization; other ops and memory traffic are not counted", macs));
    }

    @Override
    public CompiledArtifacts compile(QuantizedModel model, Path outDir, TargetOptions options) throws IOException {
        strict(options);
        byte[] onnx = QdqExport.write(model);
        String json = ModelJson.of(model);
        List<Path> files = StagedDirectory.write(outDir, staging -> {
            Files.write(staging.resolve(QdqExport.FILE), onnx);
            Files.writeString(staging.resolve(ModelJson.FILE), json, StandardCharsets.UTF_8);
        });
        return new CompiledArtifacts(files, List.of(QdqExport.FILE + ": QDQ ONNX (opset 13) with 4-bit weights held in INT8, uint8 activations "
                + "and the biases' 32-bit values as float"));
    }

    /** The options, read strictly: {@code strict} (true or false) is the only one. */
    private static boolean strict(TargetOptions options) {
        return options.read(Set.of()).bool(TargetOptions.STRICT).orElse(false);
    }
}
