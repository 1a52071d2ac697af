package io.qforge.api.data;

/**
 * A decoded 8-bit image in HWC order.
 *
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param height rows
 * @param width columns
 * @param pixels height * width * channels bytes, read as unsigned
 */
public record RawImage(int channels, int height, int width, byte[] pixels) {

    public RawImage {
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException("expected " + ((long) channels * height * width)
                    + " bytes for " + channels + "x" + height + "x" + width + ", got " + pixels.length);
        }
    }

    /** The unsigned value at row y, column x, channel c. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }
}
