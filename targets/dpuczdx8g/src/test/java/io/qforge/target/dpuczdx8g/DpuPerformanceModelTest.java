package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import io.qforge.plugin.torchvision.ResNet50Backbone;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model against the Vitis AI 3.0 model zoo's KV260 figures (REFERENCE.md §5). It was
 * calibrated once on TensorFlow's resnet_v1_50 (96.63 fps); PyTorch's ResNet50 is the check.
 */
class DpuPerformanceModelTest {

    private static PerformanceEstimate estimate(Graph g, String preset) {
        return DpuPerformanceModel.estimate(g, DpuConfiguration.from(TestOptions.of(Map.of("preset", preset))));
    }

    @Test
    void resnet50OnKv260IsWithin15PercentOfThePublishedFigure() {
        BackboneSpec imagenet = new BackboneSpec(1000, 3, 224, 224);
        double calibrated = estimate(ResNet50Backbone.topology(imagenet, true), "KV260").framesPerSecond();
        double pytorch = estimate(new ResNet50Backbone().build(imagenet), "KV260").framesPerSecond();
        double resnet18 = estimate(new ResNet18Backbone().build(imagenet), "KV260").framesPerSecond();
        System.out.printf("KV260 estimates: tf resnet_v1_50 %.1f fps (published 96.63), pt resnet50 %.1f fps (published 85.51), resnet18 %.1f fps%n",
                calibrated, pytorch, resnet18);
        assertEquals(96.63, calibrated, 96.63 * 0.05, "the calibration point");
        assertEquals(85.51, pytorch, 85.51 * 0.15);
        assertTrue(resnet18 > pytorch, "ResNet18 has less than half ResNet50's work");
    }

    @Test
    void zcu102HasThreeCoresAtItsOwnClock() {
        var g = new ResNet50Backbone().build(new BackboneSpec(1000, 3, 224, 224));
        PerformanceEstimate kv260 = estimate(g, "KV260");
        PerformanceEstimate zcu102 = estimate(g, "ZCU102");
        assertTrue(zcu102.framesPerSecond() > 2.5 * kv260.framesPerSecond(), zcu102 + " vs " + kv260);
        assertTrue(zcu102.latencyMillis() > kv260.latencyMillis(), "281 MHz is slower per core than 300 MHz");
    }
}
