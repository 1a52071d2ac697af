package io.qforge.api.backbone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How raw images become input tensors: resized (bilinear, half-pixel centres) or zero-padded
 * (centred) to height x width, grey repeated to three channels when asked, scaled to [0, 1], then
 * mean subtracted and divided by std per channel. A board's runner must do exactly this.
 *
 * <p>Example: torchvision's ImageNet default is 224x224 with mean (0.485, 0.456, 0.406) and std
 * (0.229, 0.224, 0.225).
 */
public record Preprocessing(
        @JsonProperty("height") int height,
        @JsonProperty("width") int width,
        @JsonProperty("mean") List<Float> mean,
        @JsonProperty("std") List<Float> std,
        @JsonProperty("resize") String resize,
        @JsonProperty("grayscale_to_rgb") boolean grayscaleToRgb) {

    /** "resize" (bilinear) or "pad" (zero-padded, centred). */
    public static final String RESIZE = "resize";
    public static final String PAD = "pad";

    /** Resized, colour images as given. */
    public Preprocessing(int height, int width, List<Float> mean, List<Float> std) {
        this(height, width, mean, std, RESIZE, false);
    }

    public Preprocessing {
        resize = resize == null ? RESIZE : resize;
        if (!resize.equals(RESIZE) && !resize.equals(PAD)) {
            throw new IllegalArgumentException("resize is '" + resize + "'; allowed: resize, pad");
        }
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
