package io.qforge.engine.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.plugin.torchvision.MobileNetV2Backbone;
import io.qforge.plugin.torchvision.SqueezeNet11Backbone;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch's exports of torchvision's mobilenet_v2 (batch norms folded by the exporter, and kept) and
 * squeezenet1_1 load by topology onto qforge's own backbones of the same names, whose parameters keep
 * torchvision's names: depthwise convs, Clip as ReLU6 and ordered Concat inputs included. The result
 * computes PyTorch's logits.
 */
class FamilyOnnxImportTest {

    private static final Path FIXTURES = Path.of("../plugins/onnx/src/test/resources/onnx");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} onto {1}")
    @CsvSource({"mobilenet_v2, mobilenet_v2, 32", "mobilenet_v2_bn, mobilenet_v2, 32", "squeezenet1_1, squeezenet1_1, 64"})
    void torchvisionExportsLoadOntoTheirFamily(String fixture, String family, int size) throws Exception {
        Path file = tmp.resolve(fixture + ".onnx");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FIXTURES.resolve(fixture + ".onnx.gz")))) {
            Files.copy(in, file);
        }
        Backbone backbone = family.equals("mobilenet_v2") ? new MobileNetV2Backbone() : new SqueezeNet11Backbone();
        Graph graph = backbone.build(new BackboneSpec(10, 3, size, size));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameters weights = new Parameters(WeightLoader.load(file, backbone, graph, manager, Set.of()));
            NDArray input = FormulaWeights.input(manager, new Shape(2, 3, size, size));
            float[] ours = new GraphExecutor(graph).forward(weights, input, ForwardMode.INFERENCE).toFloatArray();
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(fixture + ".logits.bin"));
            float[] torch = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(torch);
            double error = TorchvisionFixtures.maxRelativeError(ours, torch);
            assertTrue(error < 1e-4, "max relative error against PyTorch " + error);
        }
    }
}
