package io.qforge.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.CheckpointChoice;
import io.qforge.engine.config.run.LearningRateSchedule;
import io.qforge.engine.config.run.OptimizerKind;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.config.run.TrainingMode;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.execution.InferenceWeights;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrainerTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = arrays.get();
    }

    /** Three Gaussian blobs in 8 dimensions, separable with a linear classifier. */
    private static BatchSource blobs(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i][d] = (float) (r.nextGaussian() * 0.5 + (d == y[i] ? 2 : 0));
            }
        }
        return new BatchSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Batch batch(int[] indices, NDManager m, boolean augment, long s) {
                float[] data = new float[indices.length * 8];
                int[] labels = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    System.arraycopy(x[indices[i]], 0, data, i * 8, 8);
                    labels[i] = y[indices[i]];
                }
                return new Batch(m.create(data, new Shape(indices.length, 8)), labels);
            }
        };
    }

    private static Graph linear() {
        return new Graph("probe", List.of(new GraphInput("x", new Shape(8))),
                List.of(new Node("fc", Ops.LINEAR, List.of("x"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of())),
                List.of("fc"), List.of(new ParameterSpec("fc.weight", new Shape(3, 8), "linear_uniform", true),
                        new ParameterSpec("fc.bias", new Shape(3), "linear_uniform", true)));
    }

    private static TrainingConfig config(OptimizerKind optimizer, LearningRateSchedule schedule) {
        return new TrainingConfig(TrainingMode.FEATURE_EXTRACTION, 10, 16, optimizer, 0.05, 0.9, 0.0, schedule, 0.1,
                true, CheckpointChoice.LAST, List.of(), null, null, 4.0, 0.9, true);
    }

    private TrainingHistory fit(OptimizerKind optimizer, LearningRateSchedule schedule, Parameters start) {
        Graph g = linear();
        return new Trainer(Progress.silent()).fit(new Trainer.Run("probe", new GraphExecutor(g), start, Set.of("fc.weight", "fc.bias"),
                ForwardMode.TRAINING, blobs(300, 1), blobs(300, 2), config(optimizer, schedule), true, false, 7), manager);
    }

    @Test
    void adamAndSgdLearnALinearProblem() {
        Parameters start = ParameterInitializer.initialize(linear(), manager, 3);
        for (OptimizerKind o : OptimizerKind.values()) {
            for (LearningRateSchedule s : LearningRateSchedule.values()) {
                TrainingHistory h = fit(o, s, start);
                assertEquals(10, h.epochs().size());
                assertTrue(h.testAccuracy() > 0.95, o + " " + s + ": " + h.testAccuracy());
                assertTrue(h.epochs().get(9).loss() < h.epochs().get(0).loss(), o + " " + s + " loss falls");
            }
        }
    }

    @Test
    void trainingLeavesTheCallersParametersAloneAndIsDeterministic() {
        Parameters start = ParameterInitializer.initialize(linear(), manager, 3);
        float[] before = start.get("fc.weight").toFloatArray();
        TrainingHistory a = fit(OptimizerKind.ADAM, LearningRateSchedule.COSINE, start);
        TrainingHistory b = fit(OptimizerKind.ADAM, LearningRateSchedule.COSINE, start);
        assertArrayEquals(before, start.get("fc.weight").toFloatArray());
        assertArrayEquals(a.parameters().get("fc.weight").toFloatArray(), b.parameters().get("fc.weight").toFloatArray());
        assertEquals(a.epochs().get(9).loss(), b.epochs().get(9).loss());
    }

    @Test
    void labelSmoothingMatchesPytorchsDefinition() {
        NDArray logits = manager.create(new float[] {2f, 0f, -1f}, new Shape(1, 3));
        double[] logp = new double[3];
        double norm = Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1));
        for (int k = 0; k < 3; k++) {
            logp[k] = new double[] {2, 0, -1}[k] - norm;
        }
        // (1 - e) * -log p[y] + e / K * sum_k -log p[k], with e = 0.3, y = 0
        double expected = 0.7 * -logp[0] + 0.1 * -(logp[0] + logp[1] + logp[2]);
        assertEquals(expected, Loss.crossEntropy(logits, new int[] {0}, 0.3).getFloat(), 1e-5);
        assertEquals(1, Loss.correct(logits, new int[] {0}));
    }

    @Test
    void graphSplitComposesToTheWholeGraph() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(7, 3, 32, 32));
        GraphSplit split = GraphSplit.at(g, "flatten");
        assertEquals(List.of("fc"), split.head().nodes().stream().map(Node::name).toList());
        assertEquals(new Shape(512), split.head().inputs().get(0).sampleShape());
        assertEquals(Set.of("fc.weight", "fc.bias"), split.head().parameters().keySet());
        Parameters p = FormulaWeights.parameters(g, manager);
        NDArray x = FormulaWeights.input(manager, new Shape(2, 3, 32, 32));
        NDArray whole = new GraphExecutor(g).forward(p, x, ForwardMode.INFERENCE);
        NDArray features = new GraphExecutor(split.backbone()).forward(p, x, ForwardMode.INFERENCE);
        NDArray parts = new GraphExecutor(split.head()).forward(p, features, ForwardMode.INFERENCE);
        assertTrue(whole.allClose(parts, 1e-5, 1e-5, false));
    }

    @Test
    void cachedFeaturesGiveTheBackbonesOutputPerSample() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(7, 3, 32, 32));
        GraphSplit split = GraphSplit.at(g, "flatten");
        Parameters p = FormulaWeights.parameters(g, manager);
        BatchSource images = new BatchSource() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public Batch batch(int[] indices, NDManager m, boolean augment, long seed) {
                NDArray all = FormulaWeights.input(m, new Shape(5, 3, 32, 32));
                NDArray picked = m.create(new Shape(0, 3, 32, 32));
                for (int i : indices) {
                    picked = picked.concat(all.get(i).expandDims(0));
                }
                return new Batch(picked, indices.clone());
            }
        };
        GraphExecutor backbone = new GraphExecutor(split.backbone());
        // The cache runs the backbone with its batch norms folded (InferenceWeights): the same pass here, on all samples at once.
        NDArray direct;
        try (InferenceWeights folded = backbone.prepareInference(p, manager)) {
            direct = backbone.forward(folded, FormulaWeights.input(manager, new Shape(5, 3, 32, 32)));
        }
        for (long limit : new long[] {CachedFeatures.MEMORY_LIMIT_BYTES, 0}) {
            try (CachedFeatures cache = CachedFeatures.compute(backbone, p, images, 2, manager, Progress.silent(), "test", limit)) {
                assertEquals(limit > 0, cache.inMemory());
                try (Batch b = cache.batch(new int[] {4, 0}, manager, false, 0)) {
                    assertArrayEquals(new int[] {4, 0}, b.labels());
                    assertTrue(b.inputs().get(0).allClose(direct.get(4), 1e-5, 1e-5, false), "limit " + limit);
                    assertTrue(b.inputs().get(1).allClose(direct.get(0), 1e-5, 1e-5, false), "limit " + limit);
                }
            }
        }
    }
}
