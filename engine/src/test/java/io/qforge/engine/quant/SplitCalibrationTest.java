package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.engine.fixtures.FixedImages;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.weights.ParameterInitializer;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration split into shards of batches, each shard's statistics sent through Java
 * serialization as they would travel between processes, then merged: the same params and report
 * histograms as one calibration over all the batches, for every built-in method, per-batch and
 * accumulated histograms, on a ResNet18.
 */
class SplitCalibrationTest {

    private static final int BATCHES = 5;
    private static final int BATCH_SIZE = 4;

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @TempDir
    Path tmp;

    @Test
    void shardsMergedGiveTheParamsOfOneCalibration() throws Exception {
        FoldedModel model = model();
        FixedImages images = new FixedImages(arrays.get().randomNormal(new Shape(BATCHES * BATCH_SIZE + 3, 3, 32, 32)));
        String[] configs = {"{\"target_device\": \"DPU\"}",
            "{\"target_device\": \"DPU\", \"overall_quantize_config\": {\"method\": \"maxmin\"}}",
            "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"maxmin\", \"calib_statistic_method\": \"mean\"}}",
            "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"percentile\"}}",
            "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"entropy\", \"calib_statistic_method\": \"median\"}}",
            "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"mse\"}}"};
        int[][] splits = {{0, 2, 3, 5}, {0, 1, 5}, {0, 5}};
        for (String config : configs) {
            QuantPlan plan = TestEngine.plan(model.graph(), TestEngine.quantizeConfig(tmp, config), 0);
            for (boolean accumulate : new boolean[] {false, true}) {
                Calibration.Result whole = Calibration.run(model, plan, images, BATCHES, BATCH_SIZE, 3, accumulate, arrays.get(), Progress.silent());
                for (int[] edges : splits) {
                    List<Calibration.Shard> shards = new ArrayList<>();
                    for (int i = 0; i + 1 < edges.length; i++) {
                        shards.add(travelled(Calibration.observeShard(model, plan, images, BATCHES, BATCH_SIZE, 3, accumulate, edges[i],
                                edges[i + 1], arrays.get(), Progress.silent())));
                    }
                    Calibration.Result merged = Calibration.merge(model, plan, accumulate, shards, Progress.silent());
                    String what = config + ", accumulated " + accumulate + ", shards at " + Arrays.toString(edges);
                    assertEquals(whole.params(), merged.params(), what);
                    assertEquals(whole.histograms().size(), merged.histograms().size(), what);
                    for (int h = 0; h < whole.histograms().size(); h++) {
                        assertEquals(whole.histograms().get(h).tensor(), merged.histograms().get(h).tensor(), what);
                        assertArrayEquals(whole.histograms().get(h).counts(), merged.histograms().get(h).counts(), what);
                    }
                }
            }
        }
    }

    @Test
    void shardsThatDoNotFollowEachOtherAreRefused() throws Exception {
        FoldedModel model = model();
        FixedImages images = new FixedImages(arrays.get().randomNormal(new Shape(12, 3, 32, 32)));
        QuantPlan plan = TestEngine.plan(model.graph(), TestEngine.quantizeConfig(tmp, "{\"target_device\": \"DPU\"}"), 0);
        Calibration.Shard first = Calibration.observeShard(model, plan, images, 3, 4, 3, false, 0, 1, arrays.get(), Progress.silent());
        Calibration.Shard third = Calibration.observeShard(model, plan, images, 3, 4, 3, false, 2, 3, arrays.get(), Progress.silent());
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> Calibration.merge(model, plan, false, List.of(first, third), Progress.silent()));
        assertTrue(gap.getMessage().contains("expected one from batch 1, got [2, 3)"), gap.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.observeShard(model, plan, images, 3, 4, 3, false, 2, 4, arrays.get(), Progress.silent()), "past the last batch");
        assertThrows(InvalidInputException.class,
                () -> Calibration.observeShard(model, plan, images, 3, 20, 3, false, 0, 1, arrays.get(), Progress.silent()), "fewer images than a batch");
    }

    /** A ResNet18 for 5 classes at 32x32, batch norm folded, seeded weights. */
    private FoldedModel model() {
        Graph g = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        return BatchNormFolding.apply(g, ParameterInitializer.initialize(g, arrays.get(), 9));
    }

    @SuppressWarnings("unchecked")
    private static <T> T travelled(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
