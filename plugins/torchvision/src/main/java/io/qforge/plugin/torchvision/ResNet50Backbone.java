package io.qforge.plugin.torchvision;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;

/**
 * torchvision's ResNet50: bottleneck blocks [3, 4, 6, 3], widths 64 to 512 with 4x expansion, the
 * stride on each stage's first 3x3 conv ("v1.5"). The DPU performance model uses it; its weights
 * load by torchvision's names as ResNet18's do. {@link #topology} also builds the original v1
 * layout (stride on the first 1x1 conv), TensorFlow's resnet_v1_50.
 */
public final class ResNet50Backbone extends TorchvisionResNet {

    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int EXPANSION = 4;
    static final int FEATURES = 2048;

    public ResNet50Backbone() {
        super(FEATURES);
    }

    @Override
    public String name() {
        return "resnet50";
    }

    @Override
    public String description() {
        return "torchvision ResNet50 (bottleneck v1.5), topology for inspection and performance estimates";
    }

    @Override
    public Graph build(BackboneSpec spec) {
        return topology(spec, false);
    }

    /** The network; with {@code strideInFirst1x1} each stage's stride sits on its first 1x1 conv, as in ResNet v1. */
    public static Graph topology(BackboneSpec spec, boolean strideInFirst1x1) {
        LayerBuilder b = new LayerBuilder();
        String x = stem(b, spec);
        int in = 64;
        for (int layer = 0; layer < 4; layer++) {
            for (int block = 0; block < BLOCKS[layer]; block++) {
                int stride = layer > 0 && block == 0 ? 2 : 1;
                x = bottleneck(b, "layer" + (layer + 1) + "." + block, x, in, WIDTHS[layer], stride, strideInFirst1x1);
                in = WIDTHS[layer] * EXPANSION;
            }
        }
        return withHead(strideInFirst1x1 ? "resnet50_v1" : "resnet50", b, x, FEATURES, spec);
    }

    private static String bottleneck(LayerBuilder b, String name, String input, int in, int width, int stride, boolean strideInFirst1x1) {
        int out = width * EXPANSION;
        String x = b.conv(name + ".conv1", input, in, width, 1, strideInFirst1x1 ? stride : 1, 0);
        x = b.batchNorm(name + ".bn1", x, width);
        x = b.relu(name + ".relu", x);
        x = b.conv(name + ".conv2", x, width, width, 3, strideInFirst1x1 ? 1 : stride, 1);
        x = b.batchNorm(name + ".bn2", x, width);
        x = b.relu(name + ".relu_1", x);
        x = b.conv(name + ".conv3", x, width, out, 1, 1, 0);
        x = b.batchNorm(name + ".bn3", x, out);
        String identity = input;
        if (stride != 1 || in != out) {
            identity = b.conv(name + ".downsample.0", input, in, out, 1, stride, 0);
            identity = b.batchNorm(name + ".downsample.1", identity, out);
        }
        x = b.sum(name + ".add", x, identity);
        x = b.relu(name + ".relu_2", x);
        b.module(name, "Bottleneck", x);
        return x;
    }
}
