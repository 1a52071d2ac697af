package io.qforge.plugin.torchvision;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;

/**
 * torchvision's {@code resnet50}: Bottlenecks per stage {3, 4, 6, 3}, striding on their 3x3 conv
 * ("v1.5"). {@link #topology} also builds the original v1 layout (stride on the first 1x1 conv),
 * TensorFlow's resnet_v1_50, on which the DPU's performance model is calibrated.
 *
 * <p>Example: {@code new ResNet50Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has
 * torchvision's 25,557,032 parameters.
 */
public final class ResNet50Backbone extends TorchvisionResNet {

    private static final int[] BLOCKS = {3, 4, 6, 3};

    public ResNet50Backbone() {
        super(BLOCKS, true);
    }

    @Override
    public String name() {
        return "resnet50";
    }

    @Override
    public String description() {
        return "torchvision resnet50 (25.6M parameters; torchvision and timm weight names)";
    }

    /** The network; with {@code strideInFirst1x1} each stage's stride sits on its first 1x1 conv, as in ResNet v1. */
    public static Graph topology(BackboneSpec spec, boolean strideInFirst1x1) {
        return topology(strideInFirst1x1 ? "resnet50_v1" : "resnet50", spec, BLOCKS, true, strideInFirst1x1);
    }
}
