package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;

/** Halves go toward zero: 2.5 to 2, -2.5 to -2. */
public final class HalfDownRound implements RoundMode {

    @Override
    public String name() {
        return "half_down";
    }

    @Override
    public String description() {
        return "halves toward zero: 2.5 -> 2, -2.5 -> -2";
    }

    @Override
    public float round(float x) {
        double magnitude = Math.ceil(Math.abs((double) x) - 0.5);
        return (float) Math.copySign(magnitude, x) + 0.0f;
    }

    @Override
    public boolean stepsOnlyAtHalves() {
        return true;
    }

    @Override
    public long shiftRound(long value, int bits) {
        if (bits == 0) {
            return value;
        }
        long magnitude = (Math.abs(value) + (1L << (bits - 1)) - 1) >> bits;
        return value < 0 ? -magnitude : magnitude;
    }

    @Override
    public NDArray round(NDArray x) {
        return InFloat64.apply(x, d -> InFloat64.signed(d, d.abs().sub(0.5).ceil()));
    }
}
