package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;
import java.util.Optional;

/** C's round(): halves go away from zero, 2.5 to 3, -2.5 to -3. XIR's STD_ROUND. */
public final class StdRound implements RoundMode {

    @Override
    public String name() {
        return "std_round";
    }

    @Override
    public String description() {
        return "halves away from zero (C round, XIR STD_ROUND): 2.5 -> 3, -2.5 -> -3";
    }

    @Override
    public float round(float x) {
        double magnitude = Math.floor(Math.abs((double) x) + 0.5);
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
        long magnitude = (Math.abs(value) + (1L << (bits - 1))) >> bits;
        return value < 0 ? -magnitude : magnitude;
    }

    @Override
    public NDArray round(NDArray x) {
        return InFloat64.apply(x, d -> InFloat64.signed(d, d.abs().add(0.5).floor()));
    }

    @Override
    public Optional<String> xirName() {
        return Optional.of("STD_ROUND");
    }
}
