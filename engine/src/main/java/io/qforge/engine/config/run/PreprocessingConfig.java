package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qforge.api.backbone.Preprocessing;
import java.util.List;

/**
 * The {@code preprocessing} section. Unset fields take the backbone's defaults.
 *
 * @param height input height in pixels
 * @param width input width in pixels
 * @param resize how images reach that size
 * @param grayscaleToRgb repeat a single channel three times
 * @param mean per-channel mean subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation divided by
 * @param randomFlip flip training images horizontally at random (training only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreprocessingConfig(
        Integer height,
        Integer width,
        ResizeMode resize,
        Boolean grayscaleToRgb,
        List<Float> mean,
        List<Float> std,
        Boolean randomFlip) {

    /** What a model records of this (resolved) preprocessing, for whoever runs it later: a board's runner too. */
    public Preprocessing forModel() {
        return new Preprocessing(height, width, mean, std,
                resize == ResizeMode.PAD ? Preprocessing.PAD : Preprocessing.RESIZE,
                Boolean.TRUE.equals(grayscaleToRgb));
    }
}
