package io.qforge.engine.data;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.RawImage;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.ResizeMode;
import java.util.List;

/**
 * Turns a decoded image into the network's input: grayscale to three channels when asked, to
 * height x width by bilinear resizing or by zero padding around the centre (Fashion-MNIST's 28x28
 * to 32x32), an optional horizontal flip, then (v / 255 - mean) / std per channel, in CHW order.
 */
public final class ImagePreprocessor {

    private final int height;
    private final int width;
    private final int channels;
    private final boolean grayscaleToRgb;
    private final boolean pad;
    private final float[] mean;
    private final float[] std;

    /** {@code p} must be resolved (every field set); {@code channels} is what the backbone takes. */
    public ImagePreprocessor(PreprocessingConfig p, int channels) {
        this.height = p.height();
        this.width = p.width();
        this.channels = channels;
        this.grayscaleToRgb = p.grayscaleToRgb();
        this.pad = p.resize() == ResizeMode.PAD;
        this.mean = perChannel(p.mean(), channels, "mean");
        this.std = perChannel(p.std(), channels, "std");
    }

    private static float[] perChannel(List<Float> values, int channels, String what) {
        if (values.size() != 1 && values.size() != channels) {
            throw new InvalidInputException("$.preprocessing." + what, "has " + values.size() + " values, but the backbone takes "
                    + channels + " channels. Allowed: 1 value, or " + channels);
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values.get(values.size() == 1 ? 0 : c);
        }
        return out;
    }

    public int sampleSize() {
        return channels * height * width;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /** Writes the preprocessed {@code image} into {@code out} from {@code offset}. {@code where} names it in errors. */
    public void write(RawImage image, boolean flip, float[] out, int offset, String where) {
        int source = image.channels();
        if (source == 1 && channels == 3 && !grayscaleToRgb) {
            throw new InvalidInputException(where, "is a grayscale image, but the backbone takes 3 channels. "
                    + "Set \"grayscale_to_rgb\": true in preprocessing");
        }
        if (source != channels && !(source == 1 && grayscaleToRgb)) {
            throw new InvalidInputException(where, "has " + source + " channels, but the backbone takes " + channels);
        }
        if (pad && (image.height() > height || image.width() > width)) {
            throw new InvalidInputException(where, "is " + image.height() + "x" + image.width() + ", larger than the "
                    + height + "x" + width + " input, so it cannot be padded. Set \"resize\": \"resize\" in preprocessing");
        }
        int top = (height - image.height()) / 2;
        int left = (width - image.width()) / 2;
        for (int c = 0; c < channels; c++) {
            int sc = source == 1 ? 0 : c;
            int plane = offset + c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int xo = flip ? width - 1 - x : x;
                    float v = pad ? padded(image, y - top, xo - left, sc) : bilinear(image, y, xo, sc);
                    out[plane + y * width + x] = (v / 255f - mean[c]) / std[c];
                }
            }
        }
    }

    private static float padded(RawImage img, int y, int x, int c) {
        return y < 0 || x < 0 || y >= img.height() || x >= img.width() ? 0f : img.at(y, x, c);
    }

    /** Bilinear sampling with half-pixel centres (align_corners=False). */
    private float bilinear(RawImage img, int y, int x, int c) {
        if (img.height() == height && img.width() == width) {
            return img.at(y, x, c);
        }
        float sy = Math.max(0f, (y + 0.5f) * img.height() / height - 0.5f);
        float sx = Math.max(0f, (x + 0.5f) * img.width() / width - 0.5f);
        int y0 = Math.min((int) sy, img.height() - 1);
        int x0 = Math.min((int) sx, img.width() - 1);
        int y1 = Math.min(y0 + 1, img.height() - 1);
        int x1 = Math.min(x0 + 1, img.width() - 1);
        float fy = sy - y0;
        float fx = sx - x0;
        float top = img.at(y0, x0, c) * (1 - fx) + img.at(y0, x1, c) * fx;
        float bottom = img.at(y1, x0, c) * (1 - fx) + img.at(y1, x1, c) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
