package io.qforge.target.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qforge.api.Calibrator;
import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.context.PluginCatalog;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.target.QuantizedModel;
import io.qforge.onnx.OnnxModel.ModelProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped DPU config's grids (signed, symmetric, power of two) moved to ONNX Runtime's uint8. */
class UnsignedActivationsPassTest extends RandomWeightsTest {

    @Override
    Graph model() {
        return residualBlock();
    }

    @Override
    int seed() {
        return 5;
    }

    /** input -> conv1 -> relu1 -> conv2 -> add(conv2, relu1) -> relu2 -> global average pool -> flatten -> fc: a ResNet block. */
    private static Graph residualBlock() {
        Map<String, Object> conv3x3 = Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1), "dilation", List.of(1, 1));
        List<Node> nodes = List.of(
                new Node("conv1", Ops.CONV2D, List.of("input"), Map.of("weight", "conv1.weight", "bias", "conv1.bias"), conv3x3),
                new Node("relu1", Ops.RELU, List.of("conv1"), Map.of(), Map.of()),
                new Node("conv2", Ops.CONV2D, List.of("relu1"), Map.of("weight", "conv2.weight", "bias", "conv2.bias"), conv3x3),
                new Node("add", Ops.ADD, List.of("conv2", "relu1"), Map.of(), Map.of()),
                new Node("relu2", Ops.RELU, List.of("add"), Map.of(), Map.of()),
                new Node("gap", Ops.GLOBAL_AVG_POOL, List.of("relu2"), Map.of(), Map.of()),
                new Node("flatten", Ops.FLATTEN, List.of("gap"), Map.of(), Map.of()),
                new Node("fc", Ops.LINEAR, List.of("flatten"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of()));
        return new Graph("block", List.of(new GraphInput("input", new Shape(8, 8, 8))), nodes, List.of("fc"), List.of(
                new ParameterSpec("conv1.weight", new Shape(8, 8, 3, 3), "normal", true), new ParameterSpec("conv1.bias", new Shape(8), "zeros", true),
                new ParameterSpec("conv2.weight", new Shape(8, 8, 3, 3), "normal", true), new ParameterSpec("conv2.bias", new Shape(8), "zeros", true),
                new ParameterSpec("fc.weight", new Shape(2, 8), "normal", true), new ParameterSpec("fc.bias", new Shape(2), "zeros", true)));
    }

    /** The block quantized as the shipped DPU config asks: every grid signed, symmetric, power of two; relu outputs at fix position 4. */
    private QuantizedModel dpuQuantized() {
        Map<String, QuantParams> params = new LinkedHashMap<>();
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        put(params, specs, "input", QuantParams.fixPosition(5, -128, 127), TensorKind.INPUT);
        for (String t : List.of("conv1", "conv2", "fc")) {
            put(params, specs, t + ".weight", QuantParams.fixPosition(7, -128, 127), TensorKind.WEIGHTS);
        }
        for (String t : List.of("relu1", "relu2", "gap")) {
            put(params, specs, t, QuantParams.fixPosition(4, -128, 127), TensorKind.ACTIVATION);
        }
        put(params, specs, "conv2", QuantParams.fixPosition(3, -128, 127), TensorKind.ACTIVATION);
        put(params, specs, "fc", QuantParams.fixPosition(3, -128, 127), TensorKind.ACTIVATION);
        Parameters weights = new Parameters(Map.of());
        return new QuantizedModel(residualBlock(), weights, weights, specs, params, List.of("a", "b"),
                new Preprocessing(8, 8, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)));
    }

    private static void put(Map<String, QuantParams> params, Map<String, ResolvedSpec> specs, String name, QuantParams p, TensorKind kind) {
        params.put(name, p);
        PluginCatalog plugins = CONTEXT.plugins();
        QuantSpec s = new QuantSpec(kind, 8, "maxmin", "half_even", "power_of_two", true, false, true, false, "modal", 99.99);
        specs.put(name, new ResolvedSpec(s, plugins.find(Calibrator.class, s.method()).orElseThrow(),
                plugins.find(RoundMode.class, s.roundMode()).orElseThrow(), plugins.find(ScaleType.class, s.scaleType()).orElseThrow()));
    }

    @Test
    void reluOutputsGetHalfTheScaleAtZeroPointZeroAndOtherSignedTensorsTheSameGridInUint8() {
        AdjustedParams adjusted = new UnsignedActivationsPass(false).apply(dpuQuantized());
        Map<String, QuantParams> p = adjusted.params();
        for (String nonNegative : List.of("relu1", "relu2", "gap")) {
            assertEquals(QuantParams.fixPosition(5, 0, 255), p.get(nonNegative), nonNegative + ": [0, 7.97] as [0, 7.94] was, in steps of 1/32");
        }
        assertEquals(QuantParams.affine(1 / 8f, 128, 0, 255), p.get("conv2"), "q + 128 on the same grid: the same values");
        assertEquals(QuantParams.affine(1 / 32f, 128, 0, 255), p.get("input"));
        assertEquals(QuantParams.fixPosition(7, -128, 127), p.get("conv1.weight"), "weights stay int8, as ONNX Runtime's u8s8 kernels want");
        assertEquals(2, adjusted.changes().size(), adjusted.changes().toString());
        assertTrue(adjusted.changes().get(0).startsWith("3 non-negative activations (after a ReLU) stored as uint8"), adjusted.changes().get(0));
    }

    @Test
    void runOnItsOwnOutputItChangesNothing() {
        QuantizedModel model = dpuQuantized();
        QuantizedModel once = model.withQuantParams(new UnsignedActivationsPass(false).apply(model).params());
        AdjustedParams twice = new UnsignedActivationsPass(false).apply(once);
        assertEquals(once.quantParams(), twice.params());
        assertEquals(List.of(), twice.changes());
    }

    /** The point of the pass: with signed grids ONNX Runtime leaves float Conv and Add nodes; with uint8 ones it fuses them all. */
    @Test
    void onnxRuntimeFusesEveryConvAndAddOnlyAfterThePass() throws Exception {
        QuantizedModel signed = withAccumulatorBiases(dpuQuantized());
        QuantizedModel unsigned = withAccumulatorBiases(signed.withQuantParams(new UnsignedActivationsPass(false).apply(signed).params()));

        Map<String, Integer> before = optimisedOps(signed);
        Map<String, Integer> after = optimisedOps(unsigned);

        assertTrue(before.getOrDefault("Conv", 0) + before.getOrDefault("Add", 0) > 0, "signed grids leave float layers: " + before);
        assertEquals(0, after.getOrDefault("Conv", 0) + after.getOrDefault("Add", 0) + after.getOrDefault("Relu", 0), after.toString());
        assertEquals(2, after.get("QLinearConv"), after.toString());
        assertEquals(1, after.get("QLinearAdd"), after.toString());
    }

    @Test
    void aStrictTargetRefusesTheChangeAndNamesTheTensors() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new UnsignedActivationsPass(true).apply(dpuQuantized()));
        assertTrue(e.getMessage().contains("refuses to store 6 signed inputs and activations as uint8 (input, relu1, conv2, relu2, gap, fc)"),
                e.getMessage());
    }

    private QuantizedModel withAccumulatorBiases(QuantizedModel model) {
        Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>(model.specs());
        PluginCatalog plugins = CONTEXT.plugins();
        for (String bias : List.of("conv1.bias", "conv2.bias", "fc.bias")) {
            QuantSpec s = new QuantSpec(TensorKind.BIAS, 32, "maxmin", "half_even", "float", true, false, true, false, "max", 99.99);
            specs.put(bias, new ResolvedSpec(s, plugins.find(Calibrator.class, "maxmin").orElseThrow(),
                    plugins.find(RoundMode.class, "half_even").orElseThrow(), plugins.find(ScaleType.class, "float").orElseThrow()));
            params.put(bias, QuantParams.affine(1f, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        QuantizedModel withBiases = new QuantizedModel(model.graph(), model.parameters(), model.floatParameters(), specs, params,
                model.classNames(), model.preprocessing());
        return withBiases.withQuantParams(new AccumulatorBiasPass().apply(withBiases).params());
    }

    /** How many nodes of each op ONNX Runtime's session keeps after its QDQ fusions (the level before layout changes). */
    private Map<String, Integer> optimisedOps(QuantizedModel model) throws Exception {
        byte[] qdq = OnnxExporter.qdqModel(model.graph(), values::get, model.quantParams(), model.specs()).toByteArray();
        Path optimised = Files.createTempFile(tmp, "optimised", ".onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            options.setOptimizedModelFilePath(optimised.toString());
            OrtEnvironment.getEnvironment().createSession(qdq, options).close();
        }
        Map<String, Integer> ops = new HashMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(optimised)).getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }
}
