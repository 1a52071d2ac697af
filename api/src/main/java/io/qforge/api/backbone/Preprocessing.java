package io.qforge.api.backbone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How raw images become input tensors: resize to height x width, scale to [0, 1], then subtract
 * mean and divide by std per channel.
 *
 * <p>Example: torchvision's ImageNet default is 224x224 with mean (0.485, 0.456, 0.406) and std
 * (0.229, 0.224, 0.225).
 */
public record Preprocessing(
        @JsonProperty("height") int height,
        @JsonProperty("width") int width,
        @JsonProperty("mean") List<Float> mean,
        @JsonProperty("std") List<Float> std) {

    public Preprocessing {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        for (Float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
    }

    /** torchvision's ImageNet preprocessing at 224x224. */
    public static Preprocessing imagenet() {
        return new Preprocessing(224, 224, List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));
    }
}
