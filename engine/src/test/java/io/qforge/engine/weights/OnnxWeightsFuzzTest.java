package io.qforge.engine.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.testkit.ReaderContract;
import java.nio.file.Path;
import java.util.Set;

/**
 * Any bytes as an ONNX model whose weights are imported onto a tiny conv, batch norm, relu, pool,
 * linear graph: the importer gives every parameter or refuses with a {@link WeightFileException}
 * for the user. Seeds: the weights by name and an export's node walk, made by scripts/make-fuzz-seeds.py.
 */
class OnnxWeightsFuzzTest {

    private static final Path FILE = ReaderContract.scratchFile(".onnx");
    private static final Graph TINY = tinyGraph();

    private static Graph tinyGraph() {
        GraphBuilder b = new GraphBuilder();
        String x = b.conv("conv", "input", 1, 2, 3, 1, 1);
        x = b.batchNorm("bn", x, 2);
        x = b.relu("relu", x);
        x = b.globalAvgPool("gap", x);
        x = b.flatten("flatten", x);
        x = b.linear("fc", x, 2, 3);
        return b.build("tiny", new GraphInput("input", new Shape(1, 4, 4)), x);
    }

    @FuzzTest(maxDuration = "10s")
    void importsOrRefuses(byte[] bytes) {
        ReaderContract.write(FILE, bytes);
        try (NDManager manager = NDManager.newBaseManager()) {
            OnnxWeightsImporter.read(FILE, TINY, manager, Set.of());
        } catch (WeightFileException e) {
            ReaderContract.assertUserMessage(e, FILE);
        }
    }
}
