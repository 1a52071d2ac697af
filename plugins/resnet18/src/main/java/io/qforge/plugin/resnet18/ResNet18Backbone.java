package io.qforge.plugin.resnet18;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;

/**
 * torchvision's {@code resnet18}: conv1 7x7/2, bn1, relu, maxpool 3x3/2, then layer1 to layer4
 * of two BasicBlocks each (64, 128, 256, 512 channels; strides 1, 2, 2, 2, with a 1x1 downsample
 * conv and BN in the first block of layers 2 to 4), avgpool and fc. Node and parameter names are
 * torchvision's; a block's second ReLU call is the node {@code <block>.relu_1}, and its residual
 * sum is {@code <block>.add}.
 *
 * <p>Example: {@code new ResNet18Backbone().build(new BackboneSpec(30, 3, 224, 224))} has
 * 11,191,902 parameters.
 */
public final class ResNet18Backbone extends TorchvisionResNet {

    static final int[] WIDTHS = {64, 128, 256, 512};
    static final int FEATURES = 512;

    public ResNet18Backbone() {
        super(FEATURES);
    }

    @Override
    public String name() {
        return "resnet18";
    }

    @Override
    public String description() {
        return "torchvision resnet18 (11.7M parameters; torchvision and timm weight names)";
    }

    @Override
    public Graph build(BackboneSpec spec) {
        LayerBuilder b = new LayerBuilder();
        String x = stem(b, spec);
        int in = 64;
        for (int layer = 0; layer < 4; layer++) {
            int width = WIDTHS[layer];
            for (int block = 0; block < 2; block++) {
                int stride = layer > 0 && block == 0 ? 2 : 1;
                x = basicBlock(b, "layer" + (layer + 1) + "." + block, x, in, width, stride);
                in = width;
            }
        }
        return withHead(name(), b, x, FEATURES, spec);
    }

    /** torchvision's BasicBlock, in the order its modules run (downsample after bn2, as torchsummary lists it). */
    private static String basicBlock(LayerBuilder b, String name, String input, int in, int out, int stride) {
        String x = b.conv(name + ".conv1", input, in, out, 3, stride, 1);
        x = b.batchNorm(name + ".bn1", x, out);
        x = b.relu(name + ".relu", x);
        x = b.conv(name + ".conv2", x, out, out, 3, 1, 1);
        x = b.batchNorm(name + ".bn2", x, out);
        String identity = input;
        if (stride != 1 || in != out) {
            identity = b.conv(name + ".downsample.0", input, in, out, 1, stride, 0);
            identity = b.batchNorm(name + ".downsample.1", identity, out);
        }
        x = b.sum(name + ".add", x, identity);
        x = b.relu(name + ".relu_1", x);
        b.module(name, "BasicBlock", x);
        return x;
    }
}
