package io.qforge.plugin.torchvision;

/**
 * torchvision's {@code resnet34}: BasicBlocks per stage {3, 4, 6, 3}.
 *
 * <p>Example: {@code new ResNet34Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has torchvision's
 * 21,797,672 parameters.
 */
public final class ResNet34Backbone extends TorchvisionResNet {

    public ResNet34Backbone() {
        super(new int[] {3, 4, 6, 3}, false);
    }

    @Override
    public String name() {
        return "resnet34";
    }

    @Override
    public String description() {
        return "torchvision resnet34 (21.8M parameters; torchvision and timm weight names)";
    }
}
