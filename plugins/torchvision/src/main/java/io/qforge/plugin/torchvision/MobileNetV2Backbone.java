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
 * torchvision's {@code mobilenet_v2} (width 1.0): {@code features.0}, a 3x3/2 conv to 32 channels
 * with BN and ReLU6; 17 InvertedResidual blocks ({@code features.1} to {@code features.17}): a 1x1
 * expansion (but in the first), a 3x3 depthwise conv, both with BN and ReLU6, and a 1x1 linear
 * projection with BN, plus the input when the block keeps its shape; {@code features.18}, a 1x1
 * conv to 1280 channels with BN and ReLU6; then average pooling, flatten, {@code classifier.0}
 * (dropout, an identity at inference) and {@code classifier.1}, the linear head.
 *
 * <p>Example: {@code new MobileNetV2Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has
 * torchvision's 3,504,872 parameters.
 */
public final class MobileNetV2Backbone extends TorchvisionBackbone {

    /** torchvision's inverted residual settings: expansion t, channels c, repeats n, first stride s. */
    private static final int[][] SETTINGS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    private static final int STEM = 32;
    private static final int FEATURES = 1280;

    @Override
    public String name() {
        return "mobilenet_v2";
    }

    @Override
    public String description() {
        return "torchvision mobilenet_v2 (3.5M parameters, depthwise convs; torchvision and timm weight names)";
    }

    @Override
    public Graph build(BackboneSpec spec) {
        GraphBuilder b = new GraphBuilder();
        String x = convBnRelu6(b, "features.0", "input", spec.channels(), STEM, 3, 2, 1);
        int in = STEM;
        int index = 1;
        for (int[] s : SETTINGS) {
            for (int i = 0; i < s[2]; i++) {
                x = invertedResidual(b, "features." + index++, x, in, s[1], i == 0 ? s[3] : 1, s[0]);
                in = s[1];
            }
        }
        x = convBnRelu6(b, "features." + index, x, in, FEATURES, 1, 1, 1);
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        x = b.identity("classifier.0", x);
        b.linear("classifier.1", x, FEATURES, spec.numClasses());
        return b.build(name(), new GraphInput("input", new Shape(spec.channels(), spec.height(), spec.width())), "classifier.1");
    }

    /** torchvision's Conv2dNormActivation with ReLU6: {@code <name>.0} conv, {@code .1} BN, {@code .2} ReLU6; padding (k - 1) / 2. */
    private static String convBnRelu6(GraphBuilder b, String name, String input, int in, int out, int kernel, int stride, int groups) {
        String x = b.conv(name + ".0", input, in, out, Window.square(kernel).stride(stride).pad((kernel - 1) / 2), groups, false);
        x = b.batchNorm(name + ".1", x, out);
        return b.relu6(name + ".2", x);
    }

    private static String invertedResidual(GraphBuilder b, String name, String input, int in, int out, int stride, int expansion) {
        int hidden = Math.round(in * (float) expansion);
        String x = input;
        int layer = 0;
        if (expansion != 1) {
            x = convBnRelu6(b, name + ".conv." + layer++, x, in, hidden, 1, 1, 1);
        }
        x = convBnRelu6(b, name + ".conv." + layer++, x, hidden, hidden, 3, stride, hidden);
        x = b.conv(name + ".conv." + layer, x, hidden, out, 1, 1, 0);
        x = b.batchNorm(name + ".conv." + (layer + 1), x, out);
        if (stride == 1 && in == out) {
            x = b.sum(name + ".add", input, x);
        }
        b.module(name, "InvertedResidual", x);
        return x;
    }

    @Override
    public HeadInfo head() {
        return new HeadInfo("classifier.1", List.of("classifier.1.weight", "classifier.1.bias"), FEATURES, "flatten");
    }
}
