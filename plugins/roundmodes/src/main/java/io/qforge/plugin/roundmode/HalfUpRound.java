package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;
import java.util.Optional;

/** Halves go toward +infinity: 2.5 to 3, -2.5 to -2. XIR's DPU_ROUND, the DPU's activation rounding. */
public final class HalfUpRound implements RoundMode {

    @Override
    public String name() {
        return "half_up";
    }

    @Override
    public String description() {
        return "halves toward +inf (XIR DPU_ROUND): 2.5 -> 3, -2.5 -> -2";
    }

    @Override
    public float round(float x) {
        return (float) Math.floor((double) x + 0.5) + 0.0f;
    }

    @Override
    public boolean stepsOnlyAtHalves() {
        return true;
    }

    @Override
    public long shiftRound(long value, int bits) {
        return bits == 0 ? value : (value + (1L << (bits - 1))) >> bits;
    }

    @Override
    public NDArray round(NDArray x) {
        return InFloat64.apply(x, d -> d.add(0.5).floor());
    }

    @Override
    public Optional<String> xirName() {
        return Optional.of("DPU_ROUND");
    }
}
