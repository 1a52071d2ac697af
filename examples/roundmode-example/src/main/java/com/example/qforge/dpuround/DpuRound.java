package com.example.qforge.dpuround;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.qforge.api.RoundMode;
import java.util.Optional;

/**
 * {@code dpu_round}: the DPU's own activation rounding, as its shifter computes it: add half an
 * output step, then drop the fraction, which is floor(x + 1/2) taken exactly. For x = v / 2^s with
 * an integer accumulator v, that is (v + 2^(s-1)) >> s. Its XIR name is DPU_ROUND, so the
 * DPUCZDX8G target keeps it for activations and writes it into the xmodel's fix ops.
 *
 * <p>Example: 2.5 to 3, -2.5 to -2, and 0.49999997f to 0 (x + 0.5 computed in double, where it is
 * exact, not in float, where 0.49999997f + 0.5f rounds up to 1).
 */
public final class DpuRound implements RoundMode {

    @Override
    public String name() {
        return "dpu_round";
    }

    @Override
    public String description() {
        return "the DPU shifter's rounding, floor(x + 1/2) taken exactly (XIR DPU_ROUND; example third-party plugin)";
    }

    /** Half up changes its answer only at halves, so calibrators may round one value per interval. */
    @Override
    public boolean stepsOnlyAtHalves() {
        return true;
    }

    @Override
    public float round(float x) {
        if (!Float.isFinite(x)) {
            return x;
        }
        // Every float plus one half is exact in double; adding 0.0f turns -0.0 into 0.0.
        return (float) Math.floor((double) x + 0.5) + 0.0f;
    }

    @Override
    public NDArray round(NDArray x) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope); // the intermediates go with the scope; x goes back to its owner
            NDArray rounded = x.toType(DataType.FLOAT64, false).add(0.5).floor().add(0.0).toType(DataType.FLOAT32, false);
            rounded.attach(owner);
            return rounded;
        }
    }

    @Override
    public Optional<String> xirName() {
        return Optional.of("DPU_ROUND");
    }
}
