package io.qforge.plugin.roundmode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.function.UnaryOperator;

/**
 * Runs a rounding formula on a float32 tensor in float64. Every float32 value and every x + 0.5
 * or |x| - 0.5 is exact in float64, so formulas such as floor(x + 0.5) follow the definitions
 * where the same formula in float32 would not (0.49999997f + 0.5f rounds to 1.0f).
 */
final class InFloat64 {

    private InFloat64() {}

    /** The float32 result of {@code formula} applied to {@code x} in float64. */
    static NDArray apply(NDArray x, UnaryOperator<NDArray> formula) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            // Adding +0.0 turns -0.0 into +0.0, as the scalar form does.
            NDArray result = formula.apply(x.toType(DataType.FLOAT64, false)).add(0.0).toType(DataType.FLOAT32, false);
            result.attach(owner);
            return result;
        }
    }

    /** sign(x) * m, where m is the rounded magnitude; keeps the formulas symmetric about zero. */
    static NDArray signed(NDArray x, NDArray magnitude) {
        return x.sign().mul(magnitude);
    }
}
