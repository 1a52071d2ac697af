package com.example.qforge.edgenpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.CompiledArtifacts;
import io.qforge.api.target.QuantizedModel;
import io.qforge.api.target.TargetOptions;
import io.qforge.testkit.ContractModel;
import io.qforge.testkit.NDManagerPerClass;
import io.qforge.testkit.TestPluginContext;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model_qdq.onnx runs in ONNX Runtime, close to the float model, with the NPU's grids. */
class EdgeNpuOnnxRuntimeTest extends NDManagerPerClass {

    private static final List<String> CONVS_AND_FC = List.of("conv1", "conv2", "fc");
    private static final List<String> ACTIVATIONS = List.of("input", "relu", "conv2", "relu_1", "pool", "fc");

    @TempDir
    Path tmp;

    private final EdgeNpuTarget target = new EdgeNpuTarget();

    private TargetOptions options() {
        return new TargetOptions(Map.of(), TestPluginContext.offline(tmp.resolve("cache")));
    }

    @Test
    void theExportedModelRunsInOnnxRuntimeCloseToTheFloatModel() throws Exception {
        QuantizedModel model = ContractModel.quantize(target, options(), manager());
        CompiledArtifacts compiled = target.compile(model, tmp.resolve("out"), options());
        Path onnx = tmp.resolve("out").resolve("model_qdq.onnx");
        assertEquals(List.of(tmp.resolve("out").resolve("model.json"), onnx), compiled.files());

        NDArray input = ContractModel.inputs(manager());
        float[] expected = ContractModel.floatLogits(model, input).toFloatArray();
        float[][] logits = run(Files.readAllBytes(onnx), input, OptLevel.ALL_OPT);
        assertEquals(ContractModel.BATCH, logits.length, "one row per image");
        float[] flat = new float[ContractModel.BATCH * ContractModel.CLASSES.size()];
        for (int i = 0; i < logits.length; i++) {
            assertEquals(ContractModel.CLASSES.size(), logits[i].length, "one logit per class");
            System.arraycopy(logits[i], 0, flat, i * logits[i].length, logits[i].length);
        }
        for (float v : flat) {
            assertTrue(Float.isFinite(v), "finite logits");
        }
        double r = pearson(flat, expected);
        System.out.printf("edge-npu model_qdq.onnx vs float logits: Pearson r = %.4f%n", r);
        // ALL_OPT is ONNX Runtime's default. The biases are float initializers: written as INT32 behind DequantizeLinear with
        // their own scale, ONNX Runtime's fusion took them for accumulator-grid biases and r fell to 0.656 at EXTENDED and ALL.
        assertTrue(r > 0.95, "the NPU model's logits follow the float model's: r = " + r);
    }

    @Test
    void weightsAreFourBitPerChannelPowersOfTwoAndActivationsUnsignedBytes() throws Exception {
        QuantizedModel model = ContractModel.quantize(target, options(), manager());
        for (String layer : CONVS_AND_FC) {
            QuantParams w = model.quantParams().get(layer + ".weight");
            assertFalse(w.isPerTensor(), layer + " weights per channel");
            assertEquals(0, w.axis(), layer + " weights along the output channels");
            assertTrue(w.isPowerOfTwo(), layer + " weights on power-of-two scales");
            assertEquals(-8, w.qmin(), layer + " 4-bit grid");
            assertEquals(7, w.qmax(), layer + " 4-bit grid");
        }
        for (String tensor : ACTIVATIONS) {
            QuantParams a = model.quantParams().get(tensor);
            assertTrue(a.isPerTensor(), tensor + " per tensor");
            assertEquals(0, a.qmin(), tensor + " unsigned");
            assertEquals(255, a.qmax(), tensor + " 8-bit");
        }

        target.compile(model, tmp.resolve("out"), options());
        OnnxFile f = OnnxFile.parse(Files.readAllBytes(tmp.resolve("out").resolve("model_qdq.onnx")));
        assertEquals(7, f.irVersion, "IR version");
        assertEquals(13, f.opset, "opset");
        assertEquals(List.of("input"), f.inputs, "the graph input keeps its name");
        assertEquals(List.of("logits"), f.outputs, "the output is logits");
        for (String layer : CONVS_AND_FC) {
            OnnxFile.Tensor q = f.initializer(layer + ".weight.quantized");
            assertEquals(3, q.dataType(), layer + " weights held in INT8");
            for (long v : q.integers()) {
                assertTrue(v >= -8 && v <= 7, layer + " weight " + v + " is off the 4-bit grid");
            }
            float[] scales = f.initializer(layer + ".weight.scale").floats();
            assertEquals(model.quantParams().get(layer + ".weight").channels(), scales.length, layer + " one scale per output channel");
            for (float s : scales) {
                assertEquals(0, Math.getExponent(s) - Math.log(s) / Math.log(2), 1e-9, layer + " scale " + s + " is a power of two");
            }
            assertArrayEquals(new long[scales.length], f.initializer(layer + ".weight.zero_point").integers(), layer + " symmetric");
            assertEquals(0L, f.node(layer + ".weight.dequantize").attributes().get("axis"), layer + " dequantized along axis 0");
            assertEquals(1, f.initializer(layer + ".bias").dataType(), layer + " bias FLOAT, its 32-bit integers times its scale");
        }
        for (String tensor : ACTIVATIONS) {
            OnnxFile.Tensor zero = f.initializer(tensor + ".zero_point");
            assertEquals(2, zero.dataType(), tensor + " zero point UINT8");
            assertEquals(model.quantParams().get(tensor).zeroPoint(0), zero.integers()[0], tensor + " zero point");
            assertEquals(model.quantParams().get(tensor).scale(0), f.initializer(tensor + ".scale").floats()[0], tensor + " scale");
        }
        OnnxFile.Node conv = f.node("conv1");
        assertEquals("Conv", conv.opType());
        assertEquals(List.of(3L, 3L), conv.attributes().get("kernel_shape"));
        assertEquals(List.of(1L, 1L, 1L, 1L), conv.attributes().get("pads"));
        assertEquals(1L, f.node("fc").attributes().get("transB"), "Gemm with transposed weights");

        String json = Files.readString(tmp.resolve("out").resolve("model.json"), StandardCharsets.UTF_8);
        QuantParams in = model.quantParams().get("input");
        assertTrue(json.contains("\"classes\": [\"a\", \"b\", \"c\", \"d\"]"), json);
        assertTrue(json.contains("\"input_scale\": " + in.scale(0)) && json.contains("\"input_zero_point\": " + in.zeroPoint(0)), json);
    }

    private static float[][] run(byte[] model, NDArray input, OptLevel level) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toFloatArray()), input.getShape().getShape());
                    OrtSession.Result result = session.run(Map.of("input", x))) {
                return (float[][]) result.get("logits").orElseThrow().getValue();
            }
        }
    }

    private static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
