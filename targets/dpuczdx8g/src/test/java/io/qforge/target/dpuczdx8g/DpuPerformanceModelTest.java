package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.plugin.torchvision.ResNet50Backbone;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the performance model treats boards (its constants are checked against the model zoo by
 * DpuPerformanceFitTest): cores share the DDR, and a single thread pays the CPU work in series.
 */
class DpuPerformanceModelTest {

    private static final Graph RESNET50 = new ResNet50Backbone().build(new BackboneSpec(1000, 3, 224, 224));

    private static PerformanceEstimate estimate(Graph g, String preset) {
        return DpuPerformanceModel.estimate(g, DpuConfiguration.from(TestOptions.of(Map.of("preset", preset))));
    }

    @Test
    void coresShareTheDdrSoThreeCoresGiveLessThanThreeTimesOne() {
        PerformanceEstimate zcu102 = estimate(RESNET50, "ZCU102");
        double oneCore = 1000 / zcu102.latencyMillis();
        assertTrue(zcu102.framesPerSecond() > 2 * oneCore, zcu102.toString());
        assertTrue(zcu102.framesPerSecond() < 3 * oneCore, "the three cores share the board's DDR: " + zcu102);
    }

    @Test
    void aSingleThreadPaysTheCpuWorkOfAFrame() {
        DpuConfiguration kv260 = DpuConfiguration.from(TestOptions.of(Map.of("preset", "KV260")));
        DpuPerformanceModel.DpuTiming noCpu = new DpuPerformanceModel.DpuTiming(DpuPerformanceModel.FITTED.coreDdrShare(),
                DpuPerformanceModel.FITTED.boardDdrShare(), DpuPerformanceModel.FITTED.layerOverheadSeconds(), 0);
        double with = DpuPerformanceModel.estimate(RESNET50, kv260, DpuPerformanceModel.FITTED).latencyMillis();
        double without = DpuPerformanceModel.estimate(RESNET50, kv260, noCpu).latencyMillis();
        assertEquals(DpuPerformanceModel.FITTED.frameCpuSeconds() * 1e3, with - without, 1e-9);
    }
}
