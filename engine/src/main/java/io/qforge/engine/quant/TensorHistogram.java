package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.Serializable;

/**
 * A histogram of one tensor's values over [min, max], for the report's calibration charts. It is
 * taken from the first few images of the first calibration batch, so it shows the shape of the
 * distribution the calibrator saw without keeping any activation. Serializable, as it travels
 * with the first shard of a split calibration.
 *
 * @param tensor the IR name of the tensor
 * @param images how many images the values came from
 * @param min the smallest value seen
 * @param max the largest value seen
 * @param counts values per bin; bin i covers [min + i * w, min + (i + 1) * w) with w = (max - min) / bins
 */
public record TensorHistogram(String tensor, int images, float min, float max, long[] counts) implements Serializable {

    /** Bins per histogram: enough to see a clipped tail, small enough for the report page. */
    public static final int BINS = 64;
    /** Images of the first batch the histogram is taken from. */
    public static final int IMAGES = 8;

    /** The histogram of the first {@link #IMAGES} images of {@code batch} (N first). */
    public static TensorHistogram of(String tensor, NDArray batch) {
        long n = Math.min(IMAGES, batch.getShape().get(0));
        float[] values;
        try (NDArray head = batch.get(new NDIndex("0:{}", n))) {
            values = head.toType(DataType.FLOAT32, false).toFloatArray();
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        long[] counts = new long[BINS];
        if (min > max) {
            return new TensorHistogram(tensor, (int) n, 0, 0, counts);
        }
        double width = (max - min) / BINS;
        for (float v : values) {
            if (Float.isFinite(v)) {
                int bin = width == 0 ? 0 : (int) Math.min(BINS - 1, (v - min) / width);
                counts[bin]++;
            }
        }
        return new TensorHistogram(tensor, (int) n, min, max, counts);
    }
}
