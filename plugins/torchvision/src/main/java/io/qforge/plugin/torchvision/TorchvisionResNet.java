package io.qforge.plugin.torchvision;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.backbone.HeadInfo;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import java.util.List;

/**
 * torchvision's ResNets: the stem (conv1 7x7/2, bn1, relu, maxpool 3x3/2), four stages of
 * BasicBlocks (ResNet18, 34) or Bottlenecks (ResNet50, 101, 152) at 64, 128, 256 and 512 channels
 * (times 4 after a Bottleneck), strides 1, 2, 2, 2 with a 1x1 downsample conv and BN in a stage's
 * first block when the shape changes, then avgpool, flatten and fc. Node and parameter names are
 * torchvision's; a block's second ReLU call is the node {@code <block>.relu_1} (a Bottleneck's
 * third, {@code relu_2}), and its residual sum is {@code <block>.add}. A Bottleneck strides on its
 * 3x3 conv ("v1.5"), as torchvision's do.
 */
abstract class TorchvisionResNet extends TorchvisionBackbone {

    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int EXPANSION = 4;

    private final int[] blocks;
    private final boolean bottleneck;

    /** {@code blocks}: how many blocks each of the four stages has. */
    TorchvisionResNet(int[] blocks, boolean bottleneck) {
        this.blocks = blocks.clone();
        this.bottleneck = bottleneck;
    }

    private int features() {
        return WIDTHS[3] * (bottleneck ? EXPANSION : 1);
    }

    @Override
    public Graph build(BackboneSpec spec) {
        return topology(name(), spec, blocks, bottleneck, false);
    }

    /**
     * A ResNet; with {@code strideInFirst1x1} each Bottleneck strides on its first 1x1 conv, as the
     * original ResNet v1 (TensorFlow's resnet_v1_50) does.
     */
    static Graph topology(String name, BackboneSpec spec, int[] blocks, boolean bottleneck, boolean strideInFirst1x1) {
        GraphBuilder b = new GraphBuilder();
        String x = b.conv("conv1", "input", spec.channels(), 64, 7, 2, 3);
        x = b.batchNorm("bn1", x, 64);
        x = b.relu("relu", x);
        x = b.maxPool("maxpool", x, 3, 2, 1);
        int in = 64;
        for (int layer = 0; layer < 4; layer++) {
            for (int block = 0; block < blocks[layer]; block++) {
                int stride = layer > 0 && block == 0 ? 2 : 1;
                String blockName = "layer" + (layer + 1) + "." + block;
                x = bottleneck ? bottleneck(b, blockName, x, in, WIDTHS[layer], stride, strideInFirst1x1)
                        : basicBlock(b, blockName, x, in, WIDTHS[layer], stride);
                in = WIDTHS[layer] * (bottleneck ? EXPANSION : 1);
            }
        }
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        b.linear("fc", x, in, spec.numClasses());
        return b.build(name, new GraphInput("input", new Shape(spec.channels(), spec.height(), spec.width())), "fc");
    }

    /** torchvision's BasicBlock, in the order its modules run (downsample after bn2, as torchsummary lists it). */
    private static String basicBlock(GraphBuilder b, String name, String input, int in, int out, int stride) {
        String x = b.conv(name + ".conv1", input, in, out, 3, stride, 1);
        x = b.batchNorm(name + ".bn1", x, out);
        x = b.relu(name + ".relu", x);
        x = b.conv(name + ".conv2", x, out, out, 3, 1, 1);
        x = b.batchNorm(name + ".bn2", x, out);
        return residual(b, name, x, input, in, out, stride, "BasicBlock", "relu_1");
    }

    private static String bottleneck(GraphBuilder b, String name, String input, int in, int width, int stride, boolean strideInFirst1x1) {
        int out = width * EXPANSION;
        String x = b.conv(name + ".conv1", input, in, width, 1, strideInFirst1x1 ? stride : 1, 0);
        x = b.batchNorm(name + ".bn1", x, width);
        x = b.relu(name + ".relu", x);
        x = b.conv(name + ".conv2", x, width, width, 3, strideInFirst1x1 ? 1 : stride, 1);
        x = b.batchNorm(name + ".bn2", x, width);
        x = b.relu(name + ".relu_1", x);
        x = b.conv(name + ".conv3", x, width, out, 1, 1, 0);
        x = b.batchNorm(name + ".bn3", x, out);
        return residual(b, name, x, input, in, out, stride, "Bottleneck", "relu_2");
    }

    /** The block's shortcut (a downsample when the shape changes), the sum and the last ReLU. */
    private static String residual(GraphBuilder b, String name, String x, String input, int in, int out, int stride, String type, String relu) {
        String identity = input;
        if (stride != 1 || in != out) {
            identity = b.conv(name + ".downsample.0", input, in, out, 1, stride, 0);
            identity = b.batchNorm(name + ".downsample.1", identity, out);
        }
        x = b.sum(name + ".add", x, identity);
        x = b.relu(name + "." + relu, x);
        b.module(name, type, x);
        return x;
    }

    @Override
    public HeadInfo head() {
        return new HeadInfo("fc", List.of("fc.weight", "fc.bias"), features(), "flatten");
    }
}
