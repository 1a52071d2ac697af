package io.qforge.target.onnxruntime;

import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the tests that export a small graph: a PyTorch manager per test, the plugins
 * offline, and seeded random weights (normal, standard deviation 0.3) for {@link #model()}.
 */
abstract class RandomWeightsTest {

    static final TestPluginContext CONTEXT = TestPluginContext.offline(Path.of(System.getProperty("java.io.tmpdir"), "qforge-ort-test-cache"));

    @TempDir
    Path tmp;

    NDManager manager;
    /** The weights of {@link #model()} by parameter name. */
    final Map<String, float[]> values = new HashMap<>();

    /** The graph whose parameters get random weights. */
    abstract Graph model();

    /** The random seed of the weights and of the test's inputs. */
    abstract int seed();

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
        manager.getEngine().setRandomSeed(seed());
        for (ParameterSpec p : model().parameters().values()) {
            values.put(p.name(), manager.randomNormal(p.shape()).mul(0.3f).toFloatArray());
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }
}
