package io.qforge.plugin.torchvision;

/**
 * torchvision's {@code resnet101}: Bottlenecks per stage {3, 4, 23, 3}.
 *
 * <p>Example: {@code new ResNet101Backbone().build(new BackboneSpec(1000, 3, 224, 224))} has torchvision's
 * 44,549,160 parameters.
 */
public final class ResNet101Backbone extends TorchvisionResNet {

    public ResNet101Backbone() {
        super(new int[] {3, 4, 23, 3}, true);
    }

    @Override
    public String name() {
        return "resnet101";
    }

    @Override
    public String description() {
        return "torchvision resnet101 (44.5M parameters; torchvision and timm weight names)";
    }
}
