package io.qforge.plugin.torchvision;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Window;
import java.util.List;

/**
 * torchvision's {@code squeezenet1_1}: {@code features.0}, a 3x3/2 conv to 64 channels, ReLU,
 * 3x3/2 max pools with ceil mode ({@code features.2}, {@code .5}, {@code .8}) and eight Fire
 * modules (a 1x1 squeeze conv and ReLU, then 1x1 and 3x3 expand convs with ReLUs, concatenated);
 * the head is a 1x1 conv, {@code classifier.1}, to one channel per class after dropout ({@code
 * classifier.0}), then ReLU, average pooling and flatten. Every conv has a bias and no batch norm.
 *
 * <p>Example: {@code new SqueezeNet11Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has
 * torchvision's 1,235,496 parameters.
 */
public final class SqueezeNet11Backbone extends TorchvisionBackbone {

    /** Each Fire module's index in {@code features}, squeeze channels and expand channels (per branch). */
    private static final int[][] FIRES = {{3, 16, 64}, {4, 16, 64}, {6, 32, 128}, {7, 32, 128}, {9, 48, 192}, {10, 48, 192}, {11, 64, 256}, {12, 64, 256}};
    private static final int FEATURES = 512;

    @Override
    public String name() {
        return "squeezenet1_1";
    }

    @Override
    public String description() {
        return "torchvision squeezenet1_1 (1.2M parameters, Fire modules with concat, a conv head; torchvision weight names)";
    }

    @Override
    public Graph build(BackboneSpec spec) {
        GraphBuilder b = new GraphBuilder();
        String x = b.conv("features.0", "input", spec.channels(), 64, Window.square(3).stride(2), 1, true);
        x = b.relu("features.1", x);
        int in = 64;
        for (int[] fire : FIRES) {
            if (fire[0] == 3 || fire[0] == 6 || fire[0] == 9) {
                x = b.maxPool("features." + (fire[0] - 1), x, Window.square(3).stride(2).ceil());
            }
            x = fire(b, "features." + fire[0], x, in, fire[1], fire[2]);
            in = 2 * fire[2];
        }
        x = b.identity("classifier.0", x);
        x = b.conv("classifier.1", x, FEATURES, spec.numClasses(), Window.square(1), 1, true);
        x = b.relu("classifier.2", x);
        x = b.globalAvgPool("classifier.3", x);
        x = b.flatten("flatten", x);
        return b.build(name(), new GraphInput("input", new Shape(spec.channels(), spec.height(), spec.width())), x);
    }

    private static String fire(GraphBuilder b, String name, String input, int in, int squeeze, int expand) {
        String s = b.conv(name + ".squeeze", input, in, squeeze, Window.square(1), 1, true);
        s = b.relu(name + ".squeeze_activation", s);
        String e1 = b.conv(name + ".expand1x1", s, squeeze, expand, Window.square(1), 1, true);
        e1 = b.relu(name + ".expand1x1_activation", e1);
        String e3 = b.conv(name + ".expand3x3", s, squeeze, expand, Window.square(3).pad(1), 1, true);
        e3 = b.relu(name + ".expand3x3_activation", e3);
        String x = b.concat(name + ".cat", List.of(e1, e3));
        b.module(name, "Fire", x);
        return x;
    }

    /** The head is the final 1x1 conv on the features' 512 channels. */
    @Override
    public HeadInfo head() {
        return new HeadInfo("classifier.1", List.of("classifier.1.weight", "classifier.1.bias"), FEATURES, "classifier.0");
    }
}
