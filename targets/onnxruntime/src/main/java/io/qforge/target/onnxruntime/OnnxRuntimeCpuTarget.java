package io.qforge.target.onnxruntime;

import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qforge.api.TargetDevice;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.IntegerModel;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.StagedDirectory;
import io.qforge.api.target.TargetOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A CPU through ONNX Runtime. Compiling writes the float model ({@code model_fp32.onnx}) and the
 * QDQ int8 model ({@code model_int8.onnx}) with qforge's quant params, checks that ONNX Runtime
 * opens both with full graph optimisation, and times one image through each. The engine then runs
 * the int8 model on the test split beside qforge's simulation.
 */
public final class OnnxRuntimeCpuTarget implements TargetDevice {

    static final Set<String> KEYS = Set.of("threads");

    @Override
    public String name() {
        return "onnxruntime-cpu";
    }

    @Override
    public String description() {
        return "a CPU through ONNX Runtime: float and QDQ int8 ONNX (opset 13, or onnx_opset_version)";
    }

    /** ONNX Runtime's QDQ int8 is Vitis AI's CPU quantization; its GPU execution providers run the same QDQ files. */
    @Override
    public Set<String> vitisTargetDevices() {
        return Set.of("CPU", "GPU");
    }

    @Override
    public QuantizationRules quantizationRules(TargetOptions options) {
        checked(options);
        return new CpuQuantizationRules(options.context().plugins(), options.strict());
    }

    @Override
    public InspectionReport inspect(Graph graph, TargetOptions options) {
        checked(options);
        List<NodePlacement> placements = new ArrayList<>();
        for (Node n : graph.nodes()) {
            boolean exported = OnnxExporter.OPS.contains(n.op());
            placements.add(exported ? new NodePlacement(n.name(), "CPU", "", "")
                    : new NodePlacement(n.name(), "none", n.op() + " has no ONNX export in qforge", "replace it with one of " + OnnxExporter.OPS));
        }
        long exported = placements.stream().filter(p -> p.reason().isEmpty()).count();
        return new InspectionReport(placements, 1, String.format(Locale.ROOT, "1 subgraph (CPU); the ONNX export covers %d of %d nodes",
                exported, placements.size()));
    }

    /** One image through the float model with zero weights of the right shapes, timed on this machine. */
    @Override
    public PerformanceEstimate estimate(Graph graph, TargetOptions options) {
        int threads = threads(checked(options));
        byte[] model = OnnxExporter.floatModel(graph, name -> new float[(int) graph.parameters().get(name).shape().size()]).toByteArray();
        double seconds = latency(model, graph, threads, "the float model of " + graph.name());
        return new PerformanceEstimate("onnxruntime-cpu, " + threads + " threads", 1 / seconds, seconds * 1e3,
                "measured: ONNX Runtime fp32, batch 1, median of 20 runs on this machine");
    }

    @Override
    public CompiledArtifacts compile(QuantizedModel model, Path outDir, TargetOptions options) throws IOException {
        int threads = threads(checked(options));
        Graph graph = model.graph();
        OnnxExporter.Weights weights = name -> model.parameters().get(name).toFloatArray();
        int opset = model.onnxOpsetVersion();
        byte[] fp32 = OnnxExporter.floatModel(graph, name -> model.floatParameters().get(name).toFloatArray(), opset).toByteArray();
        byte[] int8 = OnnxExporter.qdqModel(graph, weights, model.quantParams(), model.specs(), opset).toByteArray();
        double fp32Latency = latency(fp32, graph, threads, outDir.resolve("model_fp32.onnx").toString());
        double int8Latency = latency(int8, graph, threads, outDir.resolve("model_int8.onnx").toString());
        List<Path> files = StagedDirectory.write(outDir, staging -> {
            Files.write(staging.resolve("model_fp32.onnx"), fp32);
            Files.write(staging.resolve("model_int8.onnx"), int8);
            Files.writeString(staging.resolve("meta.json"), meta(model), StandardCharsets.UTF_8);
        });
        List<String> messages = List.of(String.format(Locale.ROOT,
                "ONNX Runtime opened both models (opset %d) with full optimisation; one image takes %.2f ms in fp32 and %.2f ms in int8 (%d threads)",
                opset,
                fp32Latency * 1e3, int8Latency * 1e3, threads));
        return new CompiledArtifacts(files, messages);
    }

    @Override
    public Optional<IntegerModel> integerModel(QuantizedModel model, TargetOptions options) {
        OnnxExporter.Weights weights = name -> model.parameters().get(name).toFloatArray();
        int opset = model.onnxOpsetVersion();
        byte[] int8 = OnnxExporter.qdqModel(model.graph(), weights, model.quantParams(), model.specs(), opset).toByteArray();
        byte[] exposing = OnnxExporter.qdqModelExposingIntegers(model.graph(), weights, model.quantParams(), model.specs(), opset).toByteArray();
        return Optional.of(new OrtIntegerModel(int8, exposing, model.quantParams(), "the QDQ model of " + model.graph().name(),
                threads(checked(options))));
    }

    private static TargetOptions checked(TargetOptions options) {
        options.read(KEYS);
        return options;
    }

    private static int threads(TargetOptions options) {
        return options.read(KEYS).integer("threads", 1).orElse(Runtime.getRuntime().availableProcessors());
    }

    /** Median seconds of one image through {@code model} over 20 runs, after 5 to warm up. */
    private static double latency(byte[] model, Graph graph, int threads, String name) {
        Shape in = graph.inputs().get(0).sampleShape();
        long[] shape = new long[] {1, in.get(0), in.get(1), in.get(2)};
        float[] zeros = new float[(int) in.size()];
        try (OrtSession session = OrtSessions.open(model, name, threads)) {
            double[] times = new double[20];
            for (int i = -5; i < times.length; i++) {
                long start = System.nanoTime();
                OrtSessions.run(session, zeros, shape, name);
                if (i >= 0) {
                    times[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            Arrays.sort(times);
            return times[times.length / 2];
        } catch (OrtException e) {
            throw new IllegalStateException("closing an ONNX Runtime session failed", e);
        }
    }

    private static String meta(QuantizedModel model) {
        QuantParams in = model.quantParams().get(model.graph().inputs().get(0).name());
        String classes = model.classNames().stream().map(c -> "\"" + c.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", "));
        return "{\n  \"classes\": [" + classes + "],\n"
                + "  \"preprocessing\": {\"height\": " + model.preprocessing().height() + ", \"width\": " + model.preprocessing().width()
                + ", \"mean\": " + model.preprocessing().mean() + ", \"std\": " + model.preprocessing().std() + ", \"layout\": \"NCHW\"},\n"
                + "  \"input\": \"" + model.graph().inputs().get(0).name() + "\", \"output\": \"" + OnnxExporter.OUTPUT + "\""
                + (in == null ? "" : ",\n  \"input_scale\": " + in.scale(0) + ", \"input_zero_point\": " + in.zeroPoint(0)) + "\n}\n";
    }
}
