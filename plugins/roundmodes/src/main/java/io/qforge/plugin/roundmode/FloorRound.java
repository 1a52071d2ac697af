package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;

/** Toward -infinity: 2.7 to 2, -2.2 to -3. */
public final class FloorRound implements RoundMode {

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String description() {
        return "toward -inf: 2.7 -> 2, -2.2 -> -3";
    }

    @Override
    public float round(float x) {
        return (float) Math.floor(x) + 0.0f;
    }

    @Override
    public boolean stepsOnlyAtHalves() {
        return true;
    }

    @Override
    public long shiftRound(long value, int bits) {
        return value >> bits;
    }

    @Override
    public NDArray round(NDArray x) {
        return InFloat64.apply(x, NDArray::floor);
    }
}
