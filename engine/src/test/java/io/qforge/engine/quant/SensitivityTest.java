package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-layer sensitivity finds the layer that hurts: on a quantized ResNet18 (hashed weights, test
 * labels the float model's own predictions), one activation is given a fix position far too fine,
 * so that it saturates; that layer comes first, with the lowest top-1 alone, and leaving it alone
 * in float recovers most of what quantizing everything loses.
 */
class SensitivityTest {

    @TempDir
    Path tmp;

    @Test
    void theSaturatedLayerComesFirst() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(21);
            NDArray test = manager.randomNormal(new Shape(64, 3, 32, 32));
            QuantizedModel quantized = DpuQuantizedTorchvision.of("resnet18", 32, manager.randomNormal(new Shape(8, 3, 32, 32)), tmp, manager).model();
            Map<String, QuantParams> params = new LinkedHashMap<>(quantized.quantParams());
            params.put("layer2.0.relu", QuantParams.fixPosition(12, -128, 127));
            QuantizedModel broken = quantized.withQuantParams(params);

            NDArray predicted = new GraphExecutor(broken.graph()).forward(broken.parameters(), test, ForwardMode.INFERENCE)
                    .argMax(1).toType(DataType.INT32, false);
            BatchSource labelled = new BatchSource() {
                @Override
                public int size() {
                    return 64;
                }

                @Override
                public Batch batch(int[] indices, NDManager m, boolean augment, long seed) {
                    NDArray picked = test.get(m.create(indices));
                    picked.attach(m);
                    int[] all = predicted.toIntArray();
                    int[] labels = new int[indices.length];
                    for (int i = 0; i < indices.length; i++) {
                        labels[i] = all[indices[i]];
                    }
                    return new Batch(picked, labels);
                }
            };
            Sensitivity.Result r = Sensitivity.run(broken, labelled, 64, 16, manager, Progress.silent());
            assertEquals(1.0, r.floatTop1(), "the labels are the float model's predictions");
            Sensitivity.Row first = r.rows().get(0);
            assertEquals("layer2.0.relu", first.node(), r.rows().subList(0, 3).toString());
            assertTrue(first.aloneTop1() < 0.9, first.toString());
            assertTrue(first.allButTop1() > r.quantizedTop1(), "leaving it in float recovers: " + first + " against " + r.quantizedTop1());
            assertEquals(quantized.graph().nodes().stream().filter(n -> quantized.specs().containsKey(n.name())
                    || n.params().values().stream().anyMatch(quantized.specs()::containsKey)).count(), r.rows().size());
        }
    }
}
