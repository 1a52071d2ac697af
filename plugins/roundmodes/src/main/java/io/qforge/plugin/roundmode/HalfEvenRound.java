package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;
import java.util.Optional;

/** Banker's rounding: halves go to the even neighbour, 2.5 to 2, 3.5 to 4. XIR's PY3_ROUND. */
public final class HalfEvenRound implements RoundMode {

    @Override
    public String name() {
        return "half_even";
    }

    @Override
    public String description() {
        return "halves to even (banker's, XIR PY3_ROUND, ONNX QuantizeLinear): 2.5 -> 2, 3.5 -> 4";
    }

    @Override
    public float round(float x) {
        return (float) Math.rint(x) + 0.0f;
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
        long floor = value >> bits;
        long remainder = value - (floor << bits);
        long half = 1L << (bits - 1);
        return remainder > half || (remainder == half && (floor & 1) == 1) ? floor + 1 : floor;
    }

    @Override
    public NDArray round(NDArray x) {
        // PyTorch's round is already half-to-even and exact in any precision.
        return InFloat64.apply(x, NDArray::round);
    }

    @Override
    public Optional<String> xirName() {
        return Optional.of("PY3_ROUND");
    }
}
