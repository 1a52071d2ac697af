package io.qforge.api.backbone;

/**
 * What to build: the number of classes of the head and the per-sample input shape.
 *
 * <p>Example: {@code new BackboneSpec(1000, 3, 224, 224)} is ImageNet ResNet18.
 */
public record BackboneSpec(int numClasses, int channels, int height, int width) {

    public BackboneSpec {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, was " + numClasses);
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive: " + channels + "x" + height + "x" + width);
        }
    }
}
