package io.qforge.api;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * Rounds real values to integers, in a scalar and a tensor form that must agree bit for bit.
 *
 * <p>Example: {@code half_up} maps 2.5 to 3 and -2.5 to -2, and 0.49999997f to 0 (the shortcut
 * {@code floor(x + 0.5f)} in float32 wrongly gives 1 there).
 */
public interface RoundMode extends QforgePlugin {

    /** Rounds one value; NaN and infinities pass through. */
    float round(float x);

    /** Rounds every element of {@code x}; returns a new float32 array of the same shape. */
    NDArray round(NDArray x);

    /** The XIR {@code round_mode} attribute for this mode, when XIR has one (e.g. DPU_ROUND). */
    default Optional<String> xirName() {
        return Optional.empty();
    }
}
