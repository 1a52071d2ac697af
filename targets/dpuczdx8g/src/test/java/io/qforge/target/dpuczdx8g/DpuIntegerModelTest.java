package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The integer model's first layer against a plain integer loop written from REFERENCE.md §3. */
class DpuIntegerModelTest {

    @Test
    void conv1WithItsReluMatchesIntegerArithmetic() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            NDArray x = manager.randomNormal(new Shape(2, 3, 16, 16));
            Map<String, NDArray> tensors = new DpuIntegerModel(model).quantizedTensors(x);

            int fpIn = model.quantParams().get("input").fixPosition(0).orElseThrow();
            int fpW = model.quantParams().get("conv1.weight").fixPosition(0).orElseThrow();
            int fpB = model.quantParams().get("conv1.bias").fixPosition(0).orElseThrow();
            int fpOut = model.quantParams().get("relu").fixPosition(0).orElseThrow();
            long[] in = integers(x.toFloatArray(), fpIn);
            long[] w = integers(model.parameters().get("conv1.weight").toFloatArray(), fpW);
            long[] b = integers(model.parameters().get("conv1.bias").toFloatArray(), fpB);
            float[] actual = tensors.get("relu").toFloatArray();
            int shiftCut = fpW + fpIn - fpOut;
            int shiftBias = fpW + fpIn - fpB;
            int checked = 0;
            for (int n = 0; n < 2; n++) {
                for (int oc = 0; oc < 8; oc++) {
                    for (int oy = 0; oy < 8; oy++) {
                        for (int ox = 0; ox < 8; ox++) {
                            long acc = 0;
                            for (int ic = 0; ic < 3; ic++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    for (int kx = 0; kx < 3; kx++) {
                                        int iy = oy * 2 - 1 + ky;
                                        int ix = ox * 2 - 1 + kx;
                                        if (iy >= 0 && iy < 16 && ix >= 0 && ix < 16) {
                                            acc += in[((n * 3 + ic) * 16 + iy) * 16 + ix] * w[((oc * 3 + ic) * 3 + ky) * 3 + kx];
                                        }
                                    }
                                }
                            }
                            // Bias aligned by shift_bias, then ReLU, then the shift_cut with half-up rounding, then saturation.
                            long aligned = shiftBias >= 0 ? b[oc] << shiftBias : Math.floorDiv(b[oc], 1L << -shiftBias);
                            long sum = Math.max(0, acc + aligned);
                            long q = Math.min(127, Math.floorDiv(sum + (1L << (shiftCut - 1)), 1L << shiftCut));
                            float expected = (float) (q * Math.pow(2, -fpOut));
                            assertEquals(expected, actual[((n * 8 + oc) * 8 + oy) * 8 + ox], 0f, "n " + n + " oc " + oc + " at " + oy + "," + ox);
                            checked++;
                        }
                    }
                }
            }
            assertEquals(2 * 8 * 8 * 8, checked);
            assertTrue(shiftCut > 0 && shiftBias >= 0, "this fixture exercises a right shift: " + shiftCut + ", " + shiftBias);
        }
    }

    /**
     * A bias 20 bits finer than its conv's accumulator (shift_bias -20) makes the DPU shift the
     * sum up by 20 bits, past the 32-bit accumulator: the integer model names the layer.
     */
    @Test
    void anAccumulatorOverflowIsReportedWithTheLayer() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = SmallNetFixture.model(manager);
            int accumulator = model.quantParams().get("input").fixPosition(0).orElseThrow()
                    + model.quantParams().get("conv1.weight").fixPosition(0).orElseThrow();
            Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
            params.put("conv1.bias", QuantParams.fixPosition(accumulator + 20, -128, 127));
            NDArray x = manager.randomNormal(new Shape(1, 3, 16, 16)).mul(4f);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new DpuIntegerModel(model.withQuantParams(params)).logits(x));
            assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("32-bit accumulator"), e.getMessage());
        }
    }

    /** std_round(v * 2^fp), saturated to int8. */
    private static long[] integers(float[] v, int fp) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double y = (double) (v[i] * (float) Math.pow(2, fp));
            long r = (long) Math.signum(y) * (long) Math.floor(Math.abs(y) + 0.5);
            out[i] = Math.max(-128, Math.min(127, r));
        }
        return out;
    }
}
