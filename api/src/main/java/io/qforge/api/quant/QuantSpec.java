package io.qforge.api.quant;

import java.util.Objects;

/**
 * Everything that decides how one tensor is quantized, resolved from a Vitis AI config.
 *
 * <p>Example: the DPU default for weights is {@code int}, 8 bits, {@code diffs}, {@code
 * std_round}, {@code power_of_two}, symmetric, per-tensor, signed, not narrow, {@code modal}.
 *
 * @param kind which kind of tensor this is
 * @param bitWidth 1 to 32
 * @param method the calibrator's name, e.g. {@code diffs}
 * @param roundMode the round mode's name, e.g. {@code half_up}
 * @param scaleType the scale type's name, e.g. {@code power_of_two}
 * @param symmetric zero point fixed at zero
 * @param perChannel one scale per output channel (weights only)
 * @param signed integer grid includes negatives
 * @param narrowRange signed grid drops its most negative value
 * @param statisticMethod how per-batch results combine: modal, max, mean or median
 * @param percentage the percentile for {@code percentile}, in (0, 100]
 */
public record QuantSpec(
        TensorKind kind,
        int bitWidth,
        String method,
        String roundMode,
        String scaleType,
        boolean symmetric,
        boolean perChannel,
        boolean signed,
        boolean narrowRange,
        String statisticMethod,
        double percentage) {

    public QuantSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(roundMode, "roundMode");
        Objects.requireNonNull(scaleType, "scaleType");
        Objects.requireNonNull(statisticMethod, "statisticMethod");
        if (bitWidth < 1 || bitWidth > 32) {
            throw new IllegalArgumentException("bit width must be 1 to 32, was " + bitWidth);
        }
        if (!(percentage > 0 && percentage <= 100)) {
            throw new IllegalArgumentException("percentage must be in (0, 100], was " + percentage);
        }
    }

    /** The smallest integer of the grid: -2^(b-1), or -2^(b-1)+1 when narrow; 0 when unsigned. */
    public long qmin() {
        if (!signed) {
            return 0;
        }
        long low = -(1L << (bitWidth - 1));
        return narrowRange ? low + 1 : low;
    }

    /** The largest integer of the grid: 2^(b-1)-1 when signed, 2^b-1 when unsigned. */
    public long qmax() {
        return signed ? (1L << (bitWidth - 1)) - 1 : (1L << bitWidth) - 1;
    }

    public QuantSpec withBitWidth(int newBitWidth) {
        return new QuantSpec(kind, newBitWidth, method, roundMode, scaleType, symmetric, perChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withMethod(String newMethod) {
        return new QuantSpec(kind, bitWidth, newMethod, roundMode, scaleType, symmetric, perChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withRoundMode(String newRoundMode) {
        return new QuantSpec(kind, bitWidth, method, newRoundMode, scaleType, symmetric, perChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withScaleType(String newScaleType) {
        return new QuantSpec(kind, bitWidth, method, roundMode, newScaleType, symmetric, perChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withSymmetric(boolean newSymmetric) {
        return new QuantSpec(kind, bitWidth, method, roundMode, scaleType, newSymmetric, perChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withPerChannel(boolean newPerChannel) {
        return new QuantSpec(kind, bitWidth, method, roundMode, scaleType, symmetric, newPerChannel,
                signed, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withSigned(boolean newSigned) {
        return new QuantSpec(kind, bitWidth, method, roundMode, scaleType, symmetric, perChannel,
                newSigned, narrowRange, statisticMethod, percentage);
    }

    public QuantSpec withNarrowRange(boolean newNarrowRange) {
        return new QuantSpec(kind, bitWidth, method, roundMode, scaleType, symmetric, perChannel,
                signed, newNarrowRange, statisticMethod, percentage);
    }

    public QuantSpec withStatisticMethod(String newStatisticMethod) {
        return new QuantSpec(kind, bitWidth, method, roundMode, scaleType, symmetric, perChannel,
                signed, narrowRange, newStatisticMethod, percentage);
    }
}
