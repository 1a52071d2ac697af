package io.qforge.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TorchvisionFixtures;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real files written by PyTorch (make_resnet18_fixtures.py) loaded onto qforge's ResNet18. */
class WeightImportTest {

    private final ResNet18Backbone resnet18 = new ResNet18Backbone();
    private final Graph imagenet = resnet18.build(new BackboneSpec(1000, 3, 224, 224));

    @TempDir
    Path tmp;

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = arrays.get();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f32", "f16", "bf16"})
    void safetensorsWrittenByPytorchLoadExactly(String dtype) {
        Path file = TorchvisionFixtures.unpack("resnet18_formula_" + dtype + ".safetensors.gz", tmp);
        Map<String, NDArray> values = WeightLoader.load(file, resnet18, imagenet, manager, Set.of());
        assertEquals(imagenet.parameters().keySet(), values.keySet());
        for (ParameterSpec p : imagenet.parameters().values()) {
            assertArrayEquals(FormulaWeights.values(p.name(), p.shape()), values.get(p.name()).toFloatArray(), p.name());
        }
    }

    @Test
    void onnxExportOfTorchvisionLoadsAndComputesTheSameLogits() {
        Path file = TorchvisionFixtures.unpack("resnet18_formula.onnx.gz", tmp);
        Map<String, NDArray> values = WeightLoader.load(file, resnet18, imagenet, manager, Set.of());
        assertEquals(imagenet.parameters().keySet(), values.keySet());
        assertArrayEquals(FormulaWeights.values("fc.weight", new Shape(1000, 512)), values.get("fc.weight").toFloatArray());
        // The export folded each BatchNorm into its conv; qforge keeps the BN as identity plus bias.
        assertArrayEquals(new float[64], values.get("bn1.running_mean").toFloatArray());
        NDArray logits = new GraphExecutor(imagenet).forward(new Parameters(values),
                FormulaWeights.input(manager, new Shape(8, 3, 224, 224)), ForwardMode.INFERENCE);
        double error = TorchvisionFixtures.maxRelativeError(logits.toFloatArray(), TorchvisionFixtures.logits(224, 8));
        assertTrue(error < 1e-4, "max relative error " + error);
    }

    @Test
    void onnxOfAnotherTopologyIsRejectedNamingTheNode() {
        Path file = TorchvisionFixtures.unpack("resnet18_formula.onnx.gz", tmp);
        Graph fourChannels = resnet18.build(new BackboneSpec(1000, 4, 224, 224));
        WeightFileException e = assertThrows(WeightFileException.class,
                () -> WeightLoader.load(file, resnet18, fourChannels, manager, Set.of()));
        assertTrue(e.getMessage().contains("has shape (64, 3, 7, 7), but qforge's parameter 'conv1.weight' has shape (64, 4, 7, 7)"), e.getMessage());
    }

    @Test
    void headCanBeSkippedToLoadABackboneForANewHead() {
        Path file = TorchvisionFixtures.unpack("resnet18_formula_f32.safetensors.gz", tmp);
        Graph fiveClasses = resnet18.build(new BackboneSpec(5, 3, 32, 32));
        Map<String, NDArray> values = WeightLoader.load(file, resnet18, fiveClasses, manager, Set.of("fc.weight", "fc.bias"));
        assertEquals(fiveClasses.parameters().size() - 2, values.size());
        Path onnx = TorchvisionFixtures.unpack("resnet18_formula.onnx.gz", tmp);
        assertEquals(fiveClasses.parameters().size() - 2, WeightLoader.load(onnx, resnet18, fiveClasses, manager, Set.of("fc.weight", "fc.bias")).size());
    }

    @Test
    void missingUnexpectedAndMismatchedTensorsAreListedByName() throws Exception {
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>(FormulaWeights.parameters(imagenet, manager).asMap());
        tensors.remove("layer3.1.bn2.running_var");
        tensors.put("layer5.0.conv1.weight", manager.zeros(new Shape(2, 2)));
        tensors.put("fc.weight", manager.zeros(new Shape(10, 512)));
        Path file = tmp.resolve("odd.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        WeightFileException e = assertThrows(WeightFileException.class, () -> WeightLoader.load(file, resnet18, imagenet, manager, Set.of()));
        assertEquals(file + ": does not fit resnet18: 1 missing (layer3.1.bn2.running_var); 1 unexpected (layer5.0.conv1.weight); "
                + "1 shape mismatch (fc.weight is (10, 512) in the file, (1000, 512) in resnet18);"
                + ". Allowed: a checkpoint of resnet18 with torchvision or timm parameter names", e.getMessage());
    }

    @Test
    void notAWeightsFileIsNamed() throws Exception {
        Path text = java.nio.file.Files.writeString(tmp.resolve("weights.bin"), "hello");
        WeightFileException e = assertThrows(WeightFileException.class, () -> WeightLoader.load(text, resnet18, imagenet, manager, Set.of()));
        assertTrue(e.getMessage().startsWith(text + ": is neither a safetensors file nor an ONNX model"), e.getMessage());
        Path fakeOnnx = java.nio.file.Files.write(tmp.resolve("model.onnx"), new byte[] {0x08, (byte) 0xff, (byte) 0xff});
        assertTrue(assertThrows(WeightFileException.class, () -> WeightLoader.load(fakeOnnx, resnet18, imagenet, manager, Set.of()))
                .getMessage().startsWith(fakeOnnx + ": is not an ONNX model"));
    }
}
