package io.qforge.target.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qforge.api.Calibrator;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.SettingChange;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.target.TargetOptions;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import io.qforge.onnx.OnnxModel.TensorProto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxExportTest extends RandomWeightsTest {

    @Override
    Graph model() {
        return graph("relu");
    }

    @Override
    int seed() {
        return 11;
    }

    /** input 3x8x8 -> conv 3x3 (4 channels) -> {@code activation} -> global average pool -> flatten -> fc (2 classes). */
    private static Graph graph(String activation) {
        return graph(activation, Map.of());
    }

    /** The same, with {@code gapAttributes} on the global average pool. */
    private static Graph graph(String activation, Map<String, Object> gapAttributes) {
        List<Node> nodes = List.of(
                new Node("conv", Ops.CONV2D, List.of("input"), Map.of("weight", "conv.weight", "bias", "conv.bias"),
                        Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1), "dilation", List.of(1, 1))),
                new Node("act", activation, List.of("conv"), Map.of(), Map.of()),
                new Node("gap", Ops.GLOBAL_AVG_POOL, List.of("act"), Map.of(), gapAttributes),
                new Node("flatten", Ops.FLATTEN, List.of("gap"), Map.of(), Map.of()),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        return new Graph("tiny", List.of(new GraphInput("input", new Shape(3, 8, 8))), nodes, List.of("fc"), List.of(
                new ParameterSpec("conv.weight", new Shape(4, 3, 3, 3), "normal", true), new ParameterSpec("conv.bias", new Shape(4), "zeros", true),
                new ParameterSpec("fc.weight", new Shape(2, 4), "normal", true), new ParameterSpec("fc.bias", new Shape(2), "zeros", true)));
    }

    private float[][] run(ModelProto model, float[] x) {
        try (OrtSession s = OrtSessions.open(model.toByteArray(), "test model", 1)) {
            return OrtSessions.run(s, x, new long[] {1, 3, 8, 8}, "test model");
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFloatModelComputesWhatDjlComputes() {
        float[] x = manager.randomNormal(new Shape(1, 3, 8, 8)).toFloatArray();
        float[][] logits = run(OnnxExporter.floatModel(graph(Ops.RELU), values::get), x);

        NDArray in = manager.create(x, new Shape(1, 3, 8, 8));
        NDArray conv = Conv2d.conv2d(in, manager.create(values.get("conv.weight"), new Shape(4, 3, 3, 3)), manager.create(values.get("conv.bias")),
                new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
        NDArray features = conv.maximum(0).sum(new int[] {2, 3}).div(64);
        NDArray expected = features.matMul(manager.create(values.get("fc.weight"), new Shape(2, 4)).transpose()).add(manager.create(values.get("fc.bias")));
        assertArrayEquals(expected.toFloatArray(), logits[0], 1e-5f);
    }

    /** An average a target's hardware scales (the DPU's 7x7: 21/1024 for 1/49) is exported with its output_scale, as a Mul. */
    @Test
    void anAveragesOutputScaleIsExported() {
        float[] x = manager.randomNormal(new Shape(1, 3, 8, 8)).toFloatArray();
        float[] exact = run(OnnxExporter.floatModel(graph(Ops.RELU), values::get), x)[0];
        float[] scaled = run(OnnxExporter.floatModel(graph(Ops.RELU, Map.of("output_scale", 1.0048828125f)), values::get), x)[0];
        float[] bias = values.get("fc.bias");
        for (int i = 0; i < exact.length; i++) {
            assertEquals((exact[i] - bias[i]) * 1.0048828125f + bias[i], scaled[i], 1e-5f, "logit " + i);
        }
    }

    @Test
    void theQdqModelCarriesQforgesIntegersPerChannelAndOpensWithFullOptimisation() throws Exception {
        Map<String, QuantParams> params = new LinkedHashMap<>();
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        QuantParams[] channels = new QuantParams[4];
        for (int c = 0; c < 4; c++) {
            channels[c] = QuantParams.affine(0.01f * (c + 1), 0, -128, 127);
        }
        put(params, specs, "input", QuantParams.fixPosition(5, -128, 127), TensorKind.INPUT, 8);
        put(params, specs, "conv.weight", QuantParams.perChannel(channels, 0), TensorKind.WEIGHTS, 8);
        put(params, specs, "act", QuantParams.affine(0.05f, -128, -128, 127), TensorKind.ACTIVATION, 8);
        put(params, specs, "gap", QuantParams.affine(0.02f, 0, -128, 127), TensorKind.ACTIVATION, 8);
        put(params, specs, "fc.weight", QuantParams.affine(0.01f, 0, -128, 127), TensorKind.WEIGHTS, 8);
        QuantParams[] biasGrid = new QuantParams[4];
        for (int c = 0; c < 4; c++) {
            biasGrid[c] = QuantParams.affine((float) Math.pow(2, -5) * channels[c].scale(0), 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        put(params, specs, "conv.bias", QuantParams.perChannel(biasGrid, 0), TensorKind.BIAS, 32);
        ModelProto model = OnnxExporter.qdqModel(graph(Ops.RELU), values::get, params, specs);

        TensorProto w = model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("conv.weight.quantized")).findFirst().orElseThrow();
        assertEquals(3, w.getDataType(), "int8");
        byte[] q = w.getRawData().toByteArray();
        float[] f = values.get("conv.weight");
        for (int i = 0; i < f.length; i++) {
            assertEquals((long) Math.max(-128, Math.min(127, Math.rint(f[i] / channels[i / 27].scale(0)))), q[i], "weight " + i);
        }
        NodeProto dq = model.getGraph().getNodeList().stream().filter(n -> n.getName().equals("conv.weight.dequantize")).findFirst().orElseThrow();
        assertEquals(0, dq.getAttribute(0).getI(), "per-channel axis 0");
        TensorProto actZero = model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("act.zero_point")).findFirst().orElseThrow();
        assertArrayEquals(new byte[] {-128}, actZero.getRawData().toByteArray(), "asymmetric activation");
        assertEquals(13, model.getOpsetImport(0).getVersion());
        float[][] logits = run(model, manager.randomNormal(new Shape(1, 3, 8, 8)).toFloatArray());
        assertEquals(2, logits[0].length);

        Path file = tmp.resolve("tiny.onnx");
        Files.write(file, model.toByteArray());
        Process p = new ProcessBuilder("/usr/bin/protoc", "--decode=onnx.ModelProto", "-I", "../../onnx-proto/src/main/proto", "onnx_model.proto")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String decoded = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), decoded);
        assertTrue(decoded.contains("op_type: \"QuantizeLinear\""), "protoc decodes it with qforge's own .proto");
    }

    private static void put(Map<String, QuantParams> params, Map<String, ResolvedSpec> specs, String name, QuantParams p, TensorKind kind, int bits) {
        params.put(name, p);
        specs.put(name, resolve(new QuantSpec(kind, bits, "maxmin", "half_even", "float", true, !p.isPerTensor(), true, false, "max", 99.99)));
    }

    private static ResolvedSpec resolve(QuantSpec s) {
        PluginCatalog plugins = CONTEXT.plugins();
        return new ResolvedSpec(s, plugins.find(Calibrator.class, s.method()).orElseThrow(), plugins.find(RoundMode.class, s.roundMode()).orElseThrow(),
                plugins.find(ScaleType.class, s.scaleType()).orElseThrow());
    }

    /**
     * input 3x8x8 -> conv (4) -> relu6 and leaky relu -> add -> batch norm (left in float) -> max
     * pool 2x2 and average pool 2x2 (scaled by the DPU's 3x3 factor) -> concat -> global average
     * pool -> flatten -> fc (2): every op the exporter writes.
     */
    private static Graph everyOp() {
        List<Node> nodes = List.of(
                new Node("conv", Ops.CONV2D, List.of("input"), Map.of("weight", "conv.weight", "bias", "conv.bias"),
                        Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1), "dilation", List.of(1, 1))),
                new Node("clip", Ops.RELU6, List.of("conv"), Map.of(), Map.of()),
                new Node("leaky", Ops.LEAKY_RELU, List.of("conv"), Map.of(), Map.of("alpha", 0.1015625f)),
                new Node("sum", Ops.ADD, List.of("clip", "leaky"), Map.of(), Map.of()),
                new Node("bn", Ops.BATCH_NORM, List.of("sum"), Map.of("weight", "bn.weight", "bias", "bn.bias", "running_mean", "bn.running_mean",
                        "running_var", "bn.running_var"), Map.of()),
                new Node("max", Ops.MAX_POOL2D, List.of("bn"), Map.of(), Map.of("kernel", List.of(2, 2), "stride", List.of(2, 2))),
                new Node("avg", Ops.AVG_POOL2D, List.of("bn"), Map.of(), Map.of("kernel", List.of(2, 2), "stride", List.of(2, 2),
                        "output_scale", 0.984375f)),
                new Node("cat", Ops.CONCAT, List.of("max", "avg"), Map.of(), Map.of("axis", 1)),
                new Node("gap", Ops.GLOBAL_AVG_POOL, List.of("cat"), Map.of(), Map.of()),
                new Node("flatten", Ops.FLATTEN, List.of("gap"), Map.of(), Map.of()),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        return new Graph("every-op", List.of(new GraphInput("input", new Shape(3, 8, 8))), nodes, List.of("fc"), List.of(
                new ParameterSpec("conv.weight", new Shape(4, 3, 3, 3), "normal", true), new ParameterSpec("conv.bias", new Shape(4), "zeros", true),
                new ParameterSpec("bn.weight", new Shape(4), "ones", true), new ParameterSpec("bn.bias", new Shape(4), "zeros", true),
                new ParameterSpec("bn.running_mean", new Shape(4), "zeros", false), new ParameterSpec("bn.running_var", new Shape(4), "ones", false),
                new ParameterSpec("fc.weight", new Shape(2, 8), "normal", true), new ParameterSpec("fc.bias", new Shape(2), "zeros", true)));
    }

    /**
     * onnx_opset_version: the QDQ model of {@link #everyOp()} (per-channel int8 weights, int32
     * biases, asymmetric activations) imports the opset asked for, with the IR version that opset
     * needs, and ONNX Runtime gives the same logits at 13, 17 and 22.
     */
    @Test
    void theQdqModelIsWrittenAtTheConfiguredOpsetAndComputesTheSameAtEach() {
        Graph graph = everyOp();
        Map<String, float[]> v = new HashMap<>();
        for (ParameterSpec p : graph.parameters().values()) {
            NDArray random = manager.randomNormal(p.shape()).mul(0.3f);
            v.put(p.name(), p.name().equals("bn.running_var") ? random.abs().add(0.5f).toFloatArray() : random.toFloatArray());
        }
        Map<String, QuantParams> params = new LinkedHashMap<>();
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        QuantParams[] channels = new QuantParams[4];
        QuantParams[] biasGrid = new QuantParams[4];
        for (int c = 0; c < 4; c++) {
            channels[c] = QuantParams.affine(0.01f * (c + 1), 0, -128, 127);
            biasGrid[c] = QuantParams.affine(0.02f * channels[c].scale(0), 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        put(params, specs, "input", QuantParams.affine(0.02f, 0, -128, 127), TensorKind.INPUT, 8);
        put(params, specs, "conv.weight", QuantParams.perChannel(channels, 0), TensorKind.WEIGHTS, 8);
        put(params, specs, "conv.bias", QuantParams.perChannel(biasGrid, 0), TensorKind.BIAS, 32);
        for (String activation : List.of("clip", "leaky", "sum", "max", "avg", "cat", "gap")) {
            put(params, specs, activation, QuantParams.affine(0.03f, -10, -128, 127), TensorKind.ACTIVATION, 8);
        }
        put(params, specs, "fc.weight", QuantParams.affine(0.01f, 0, -128, 127), TensorKind.WEIGHTS, 8);
        put(params, specs, "fc.bias", QuantParams.affine(0.03f * 0.01f, 0, Integer.MIN_VALUE, Integer.MAX_VALUE), TensorKind.BIAS, 32);
        float[] x = manager.randomNormal(new Shape(1, 3, 8, 8)).toFloatArray();

        float[] atDefault = run(OnnxExporter.qdqModel(graph, v::get, params, specs, 13), x)[0];
        for (int opset : List.of(13, 17, 22)) {
            ModelProto model = OnnxExporter.qdqModel(graph, v::get, params, specs, opset);
            assertEquals(1, model.getOpsetImportCount());
            assertEquals(opset, model.getOpsetImport(0).getVersion(), "opset_import");
            assertEquals(opset == 13 ? 7 : opset == 17 ? 8 : 10, model.getIrVersion(), "the IR version opset " + opset + " needs");
            assertArrayEquals(atDefault, run(model, x)[0], 0f, "ONNX Runtime's logits at opset " + opset);
        }
        ModelProto floats = OnnxExporter.floatModel(graph, v::get, 17);
        assertEquals(17, floats.getOpsetImport(0).getVersion(), "the float model too");
        assertEquals(2, run(floats, x)[0].length);
        for (int refused : List.of(12, 23)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxExporter.qdqModel(graph, v::get, params, specs, refused));
            assertEquals("onnx_opset_version: " + refused + " is not an opset qforge's ONNX export writes. Allowed: 13 to 22", e.getMessage());
        }
    }

    @Test
    void anOpOnnxCannotExpressIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxExporter.floatModel(graph("softmax"), values::get));
        assertTrue(e.getMessage().startsWith("act: is a softmax node, which the ONNX export cannot express"), e.getMessage());
    }

    @Test
    void onnxRuntimeErrorsNameTheModel() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OrtSessions.open(new byte[] {1, 2, 3}, "out/x/compiled/model_int8.onnx", 1));
        assertTrue(e.getMessage().startsWith("out/x/compiled/model_int8.onnx: was refused by ONNX Runtime"), e.getMessage());
    }

    @Test
    void rulesAskForHalfToEvenRoundingAndKeepPowerOfTwoScales() {
        QuantizationRules rules = new OnnxRuntimeCpuTarget().quantizationRules(new TargetOptions(Map.of(), CONTEXT));
        ResolvedSpec dpu = resolve(new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_up", "power_of_two", true, false, true, false, "modal", 99.99));
        SpecAdjustment a = rules.adjust(dpu);
        assertEquals(List.of("round_mode half_up -> half_even: QuantizeLinear rounds half to even"), a.changes().stream().map(SettingChange::describe).toList());
        assertEquals("power_of_two", a.accepted().scaleType().name(), "power-of-two scales are kept");
        ResolvedSpec perChannelWeights = resolve(new QuantSpec(TensorKind.WEIGHTS, 8, "maxmin", "half_even", "float", true, true, true, false, "max", 99.99));
        assertEquals(List.of(), rules.adjust(perChannelWeights).changes());
        ResolvedSpec bias = resolve(new QuantSpec(TensorKind.BIAS, 8, "diffs", "half_even", "power_of_two", true, false, true, false, "modal", 99.99));
        assertEquals(List.of("bit_width 8 -> 32: ONNX Runtime adds int32 biases", "scale_type power_of_two -> float: a bias's scale is input scale x weight scale",
                "method diffs -> maxmin: a 32-bit bias needs no clipping search"), rules.adjust(bias).changes().stream().map(SettingChange::describe).toList());
    }
}
