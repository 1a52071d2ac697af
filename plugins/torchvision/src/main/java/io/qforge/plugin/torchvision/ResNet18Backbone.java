package io.qforge.plugin.torchvision;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.context.RemoteFile;
import io.qforge.api.graph.Graph;
import java.net.URI;
import java.util.Map;

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

    /**
     * torchvision's ImageNet weights as timm publishes them in safetensors (resnet18.tv_in1k),
     * pinned to one revision. The size and SHA-256 come from a public record; they could not be
     * checked here, where there is no internet.
     */
    static final RemoteFile IMAGENET = new RemoteFile("timm/resnet18.tv_in1k",
            URI.create("https://huggingface.co/timm/resnet18.tv_in1k/resolve/bbd144b3e5565108aad885f145491d11bc6ce807/model.safetensors"),
            "weights/resnet18.tv_in1k.safetensors", 46_807_446L, "694f673df6520a3158624e8a89af086f59923ee4cd7436fe5bc3bc71d295ad81",
            RemoteFile.Digest.OF_FILE);

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
    public Map<String, RemoteFile> publishedWeights() {
        return Map.of("imagenet", IMAGENET);
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
