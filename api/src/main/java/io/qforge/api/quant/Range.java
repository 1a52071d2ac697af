package io.qforge.api.quant;

/** An observed value range [min, max] of a tensor or channel. */
public record Range(float min, float max) {

    public Range {
        if (Float.isNaN(min) || Float.isNaN(max)) {
            throw new IllegalArgumentException("range bounds must not be NaN: [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("range min " + min + " is above max " + max);
        }
    }

    /** max(|min|, |max|), the bound a symmetric quantizer must cover. */
    public float absMax() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    /** The smallest range that holds this one and zero, as every integer grid holds zero. */
    public Range withZero() {
        return new Range(Math.min(min, 0f), Math.max(max, 0f));
    }
}
