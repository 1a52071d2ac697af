package io.qforge.engine.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.engine.plugin.ConfiguredBackbones;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The onnx backbone's import of files PyTorch exported (plugins/onnx/src/test/python/make_onnx_fixtures.py)
 * runs in qforge's executor to ONNX Runtime's logits on the same file and input, and to PyTorch's.
 */
class OnnxImportParityTest {

    private static final Path FIXTURES = Path.of("../plugins/onnx/src/test/resources/onnx");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} at {1}x{1}")
    @CsvSource({"mobilenet_v2, 32, ''", "mobilenet_v2_bn, 32, ''", "squeezenet1_1, 64, /classifier/classifier.1/Conv", "handmade, 32, ''",
        "handmade_opset17, 32, ''"})
    void logitsMatchOnnxRuntimeAndPyTorch(String name, int size, String head) throws Exception {
        Path file = unpack(name);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("path", file.toString());
        if (!head.isEmpty()) {
            options.put("head", head);
        }
        compare(file, options, 2, size, torchLogits(name));
    }

    /** torchvision's resnet18 with its 1000 classes, BN folded by the exporter, from the engine's own fixtures. */
    @Test
    void resnet18MatchesOnnxRuntimeAndPyTorch() throws Exception {
        Path file = TorchvisionFixtures.unpack("resnet18_formula.onnx.gz", tmp);
        compare(file, Map.of("path", file.toString()), 1, 224, TorchvisionFixtures.logits(224, 1));
    }

    private static void compare(Path file, Map<String, Object> options, int batch, int size, float[] torch) throws Exception {
        Backbone backbone = TestEngine.ENGINE.get(ConfiguredBackbones.class).get("onnx", options);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> own = backbone.ownWeights(manager);
            int classes = Math.toIntExact(own.get(backbone.head().parameterNames().get(0)).getShape().get(0));
            Graph graph = backbone.build(new BackboneSpec(classes, 3, size, size));
            NDArray input = FormulaWeights.input(manager, new Shape(batch, 3, size, size));
            float[] ours = new GraphExecutor(graph).forward(new Parameters(own), input, ForwardMode.INFERENCE).toFloatArray();
            float[] ort = onnxRuntime(file, input.toFloatArray(), new long[] {batch, 3, size, size});
            double vsOrt = TorchvisionFixtures.maxRelativeError(ours, ort);
            assertTrue(vsOrt < ResNet18ParityTest.TOLERANCE, "max relative error against ONNX Runtime " + vsOrt);
            double vsTorch = TorchvisionFixtures.maxRelativeError(ours, torch);
            assertTrue(vsTorch < ResNet18ParityTest.TOLERANCE, "max relative error against PyTorch " + vsTorch);
            assertEquals(batch * classes, ours.length);
        }
    }

    private Path unpack(String name) throws IOException {
        Path out = tmp.resolve(name + ".onnx");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FIXTURES.resolve(name + ".onnx.gz")))) {
            Files.copy(in, out);
        }
        return out;
    }

    private static float[] onnxRuntime(Path file, float[] input, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of("input", x))) {
            float[][] logits = (float[][]) result.get(0).getValue();
            float[] flat = new float[logits.length * logits[0].length];
            for (int i = 0; i < logits.length; i++) {
                System.arraycopy(logits[i], 0, flat, i * logits[0].length, logits[0].length);
            }
            return flat;
        }
    }

    private static float[] torchLogits(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(name + ".logits.bin"));
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
