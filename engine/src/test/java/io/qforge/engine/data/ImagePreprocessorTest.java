package io.qforge.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.data.RawImage;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.ResizeMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private static PreprocessingConfig config(int size, ResizeMode mode, boolean gray) {
        return new PreprocessingConfig(size, size, mode, gray, List.of(0.5f), List.of(0.25f), false);
    }

    /** A 2x2 grayscale image with pixel values 0, 51, 102, 255. */
    private static RawImage tiny() {
        return new RawImage(1, 2, 2, new byte[] {0, 51, 102, (byte) 255});
    }

    @Test
    void padCentresTheImageAndNormalises() {
        ImagePreprocessor p = new ImagePreprocessor(config(4, ResizeMode.PAD, true), 3);
        float[] out = new float[p.sampleSize()];
        p.write(tiny(), false, out, 0, "img");
        // Row 1, columns 1-2 hold the first image row; padding is black (0) before normalising.
        assertEquals((0f - 0.5f) / 0.25f, out[0], 1e-6f);
        assertEquals((51 / 255f - 0.5f) / 0.25f, out[1 * 4 + 2], 1e-6f);
        assertEquals((255 / 255f - 0.5f) / 0.25f, out[2 * 4 + 2], 1e-6f);
        // Grayscale is repeated on all three channels.
        assertEquals(out[2 * 4 + 2], out[16 + 2 * 4 + 2]);
        assertEquals(out[2 * 4 + 2], out[32 + 2 * 4 + 2]);
    }

    @Test
    void flipMirrorsEachRow() {
        ImagePreprocessor p = new ImagePreprocessor(config(2, ResizeMode.RESIZE, true), 3);
        float[] plain = new float[p.sampleSize()];
        float[] flipped = new float[p.sampleSize()];
        p.write(tiny(), false, plain, 0, "img");
        p.write(tiny(), true, flipped, 0, "img");
        assertEquals(plain[0], flipped[1]);
        assertEquals(plain[3], flipped[2]);
    }

    @Test
    void resizeInterpolatesBilinearly() {
        ImagePreprocessor p = new ImagePreprocessor(new PreprocessingConfig(1, 2, ResizeMode.RESIZE, true, List.of(0f), List.of(1f), false), 3);
        float[] out = new float[p.sampleSize()];
        p.write(tiny(), false, out, 0, "img");
        // One output row samples between the two input rows: (0 + 102) / 2 and (51 + 255) / 2.
        assertEquals(51 / 255f, out[0], 1e-6f);
        assertEquals(153 / 255f, out[1], 1e-6f);
    }

    @Test
    void grayscaleWithoutExpansionIsAClearError() {
        ImagePreprocessor p = new ImagePreprocessor(config(2, ResizeMode.RESIZE, false), 3);
        String e = assertThrows(InvalidInputException.class, () -> p.write(tiny(), false, new float[12], 0, "$.dataset image 3")).getMessage();
        assertTrue(e.startsWith("$.dataset image 3: is a grayscale image, but the backbone takes 3 channels"), e);
    }

    @Test
    void imageLargerThanThePadTargetIsAClearError() {
        ImagePreprocessor p = new ImagePreprocessor(config(1, ResizeMode.PAD, true), 3);
        String e = assertThrows(InvalidInputException.class, () -> p.write(tiny(), false, new float[3], 0, "img")).getMessage();
        assertTrue(e.contains("is 2x2, larger than the 1x1 input"), e);
    }
}
