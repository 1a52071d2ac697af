package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import java.util.Arrays;

/**
 * Quantize then dequantize: (clamp(round(x / s) + z, qmin, qmax) - z) * s, per tensor or per
 * channel along axis 0, with x / s in float32 as a quantizer computes it.
 */
public final class FakeQuantization {

    private FakeQuantization() {}

    public static NDArray apply(NDArray x, QuantParams p, RoundMode round) {
        NDArray scale = scale(x, p);
        NDArray zero = zeroPoint(x, p);
        NDArray q = round.round(x.div(scale)).add(zero).clip(p.qmin(), p.qmax());
        return q.sub(zero).mul(scale);
    }

    /**
     * The fake-quantized value forward and the straight-through estimator backward, as PyTorch's
     * FakeQuantize: the gradient passes where x falls inside [qmin, qmax] and is zero where it is
     * clipped, so a value the grid cannot hold is not pushed further out.
     */
    public static NDArray straightThrough(NDArray x, QuantParams p, RoundMode round) {
        NDArray scale = scale(x, p);
        NDArray zero = zeroPoint(x, p);
        NDArray level = round.round(x.div(scale)).add(zero);
        NDArray q = level.clip(p.qmin(), p.qmax()).sub(zero).mul(scale).stopGradient();
        NDArray inside = level.gte(p.qmin()).logicalAnd(level.lte(p.qmax())).toType(x.getDataType(), false).stopGradient();
        NDArray passed = x.mul(inside);
        return passed.add(q.sub(passed).stopGradient());
    }

    /** The scale of {@code p} shaped to broadcast against {@code x}: a scalar, or one per channel along axis 0. */
    static NDArray scale(NDArray x, QuantParams p) {
        NDManager m = x.getManager();
        return p.isPerTensor() ? m.create(p.scale(0)) : m.create(p.scales(), channelShape(x, p));
    }

    /** The zero point of {@code p}, as float, shaped like {@link #scale}. */
    static NDArray zeroPoint(NDArray x, QuantParams p) {
        NDManager m = x.getManager();
        if (p.isPerTensor()) {
            return m.create((float) p.zeroPoint(0));
        }
        float[] zeros = new float[p.channels()];
        for (int c = 0; c < zeros.length; c++) {
            zeros[c] = p.zeroPoint(c);
        }
        return m.create(zeros, channelShape(x, p));
    }

    private static Shape channelShape(NDArray x, QuantParams p) {
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = p.channels();
        return new Shape(dims);
    }
}
