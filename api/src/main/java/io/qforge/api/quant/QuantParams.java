package io.qforge.api.quant;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

/**
 * The result of calibration for one tensor: per-tensor or per-channel scales and zero points,
 * plus fix positions when the scale is a power of two (scale = 2^-fixPosition).
 *
 * <p>Example: {@code QuantParams.fixPosition(7, -128, 127)} quantizes x to clamp(round(x * 128),
 * -128, 127).
 *
 * <p>Serializable, so that calibration results can travel between processes (see {@link
 * MergeableObserver}).
 */
public final class QuantParams implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Axis value for per-tensor parameters. */
    public static final int PER_TENSOR = -1;

    private final float[] scales;
    private final long[] zeroPoints;
    private final int[] fixPositions;
    private final int axis;
    private final long qmin;
    private final long qmax;

    private QuantParams(float[] scales, long[] zeroPoints, int[] fixPositions, int axis, long qmin, long qmax) {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("need one zero point per scale, and at least one scale");
        }
        if (fixPositions != null && fixPositions.length != scales.length) {
            throw new IllegalArgumentException("need one fix position per scale");
        }
        if (axis == PER_TENSOR && scales.length != 1) {
            throw new IllegalArgumentException("per-tensor parameters have exactly one scale");
        }
        if (qmin >= qmax) {
            throw new IllegalArgumentException("empty integer grid [" + qmin + ", " + qmax + "]");
        }
        for (float s : scales) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("scales must be finite and positive, got " + s);
            }
        }
        this.scales = scales.clone();
        this.zeroPoints = zeroPoints.clone();
        this.fixPositions = fixPositions == null ? null : fixPositions.clone();
        this.axis = axis;
        this.qmin = qmin;
        this.qmax = qmax;
    }

    /** Per-tensor float scale with a zero point. */
    public static QuantParams affine(float scale, long zeroPoint, long qmin, long qmax) {
        return new QuantParams(new float[] {scale}, new long[] {zeroPoint}, null, PER_TENSOR, qmin, qmax);
    }

    /** Per-tensor power-of-two scale 2^-fixPosition, zero point 0. */
    public static QuantParams fixPosition(int fixPosition, long qmin, long qmax) {
        return new QuantParams(new float[] {scaleOfFixPosition(fixPosition)}, new long[] {0},
                new int[] {fixPosition}, PER_TENSOR, qmin, qmax);
    }

    /** Joins per-tensor parameters of each channel into per-channel parameters along {@code axis}. */
    public static QuantParams perChannel(QuantParams[] channels, int axis) {
        if (axis < 0) {
            throw new IllegalArgumentException("per-channel axis must be >= 0, was " + axis);
        }
        int n = channels.length;
        float[] s = new float[n];
        long[] z = new long[n];
        int[] fp = channels.length > 0 && channels[0].fixPositions != null ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            QuantParams c = channels[i];
            if (c.axis != PER_TENSOR || c.qmin != channels[0].qmin || c.qmax != channels[0].qmax) {
                throw new IllegalArgumentException("channel " + i + " does not share channel 0's grid");
            }
            if ((c.fixPositions != null) != (fp != null)) {
                throw new IllegalArgumentException("channels mix power-of-two and float scales");
            }
            s[i] = c.scales[0];
            z[i] = c.zeroPoints[0];
            if (fp != null) {
                fp[i] = c.fixPositions[0];
            }
        }
        return new QuantParams(s, z, fp, axis, channels[0].qmin, channels[0].qmax);
    }

    /** 2^-fixPosition as a float, exact for fix positions in [-126, 149]. */
    public static float scaleOfFixPosition(int fixPosition) {
        return (float) Math.scalb(1.0, -fixPosition);
    }

    public boolean isPerTensor() {
        return axis == PER_TENSOR;
    }

    public int axis() {
        return axis;
    }

    public int channels() {
        return scales.length;
    }

    public float scale(int channel) {
        return scales[channel];
    }

    public long zeroPoint(int channel) {
        return zeroPoints[channel];
    }

    public float[] scales() {
        return scales.clone();
    }

    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** Whether scales are powers of two given by fix positions. */
    public boolean isPowerOfTwo() {
        return fixPositions != null;
    }

    /** The fix position of a power-of-two channel; empty for float scales. */
    public Optional<Integer> fixPosition(int channel) {
        return fixPositions == null ? Optional.empty() : Optional.of(fixPositions[channel]);
    }

    public long qmin() {
        return qmin;
    }

    public long qmax() {
        return qmax;
    }

    /** Checks a deserialized instance as the constructor checks a new one. */
    private Object readResolve() {
        return new QuantParams(scales, zeroPoints, fixPositions, axis, qmin, qmax);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantParams p
                && axis == p.axis
                && qmin == p.qmin
                && qmax == p.qmax
                && Arrays.equals(scales, p.scales)
                && Arrays.equals(zeroPoints, p.zeroPoints)
                && Arrays.equals(fixPositions, p.fixPositions);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + Arrays.hashCode(fixPositions) + axis;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("QuantParams{");
        if (fixPositions != null) {
            b.append("fix_pos=").append(Arrays.toString(fixPositions));
        } else {
            b.append("scale=").append(Arrays.toString(scales)).append(", zero_point=").append(Arrays.toString(zeroPoints));
        }
        b.append(", grid=[").append(qmin).append(", ").append(qmax).append(']');
        if (axis != PER_TENSOR) {
            b.append(", axis=").append(axis);
        }
        return b.append('}').toString();
    }
}
