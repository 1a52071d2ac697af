package io.qforge.plugin.torchvision;

/**
 * torchvision's {@code resnet152}: Bottlenecks per stage {3, 8, 36, 3}.
 *
 * <p>Example: {@code new ResNet152Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has torchvision's
 * 60,192,808 parameters.
 */
public final class ResNet152Backbone extends TorchvisionResNet {

    public ResNet152Backbone() {
        super(new int[] {3, 8, 36, 3}, true);
    }

    @Override
    public String name() {
        return "resnet152";
    }

    @Override
    public String description() {
        return "torchvision resnet152 (60.2M parameters; torchvision and timm weight names)";
    }
}
