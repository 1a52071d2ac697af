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
        NDManager m = x.getManager();
        NDArray scale;
        NDArray zero;
        if (p.isPerTensor()) {
            scale = m.create(p.scale(0));
            zero = m.create((float) p.zeroPoint(0));
        } else {
            long[] dims = new long[x.getShape().dimension()];
            Arrays.fill(dims, 1);
            dims[0] = p.channels();
            float[] zeros = new float[p.channels()];
            for (int c = 0; c < zeros.length; c++) {
                zeros[c] = p.zeroPoint(c);
            }
            scale = m.create(p.scales(), new Shape(dims));
            zero = m.create(zeros, new Shape(dims));
        }
        NDArray q = round.round(x.div(scale)).add(zero).clip(p.qmin(), p.qmax());
        return q.sub(zero).mul(scale);
    }
}
