package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.target.QuantizedModel;
import io.qforge.target.dpuczdx8g.xir.XirProto;
import io.qforge.target.dpuczdx8g.xir.XmodelWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integer model against {@link XmodelBoardReference}, an interpreter of the exported xmodel
 * written apart from it, on a network with every DPU op: every integer of every quantized tensor is
 * equal, including a negative shift_bias, saturated values and odd average-pool kernels.
 */
class IntegerModelReferenceTest {

    @Test
    void everyQuantizedTensorEqualsTheXmodelReference() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            QuantizedModel model = ReferenceNetFixture.model(manager);
            XirProto.Graph xmodel = XmodelWriter.write(model, "reference-net");
            int images = 3;
            NDArray x = manager.randomNormal(new Shape(images, 3, 9, 9)).mul(3f);
            Map<String, NDArray> integers = new DpuIntegerModel(model).quantizedTensors(x);
            float[] all = x.toFloatArray();
            int saturated = 0;
            int compared = 0;
            for (int n = 0; n < images; n++) {
                Map<String, XmodelBoardReference.Tensor> reference = new XmodelBoardReference(xmodel).run(nhwc(all, n, 3, 9, 9));
                for (String tensor : ReferenceNetFixture.activations()) {
                    XmodelBoardReference.Tensor expected = reference.get(tensor + "_fix");
                    NDArray actual = integers.get(tensor);
                    Shape s = actual.getShape();
                    float[] ours = actual.get(n).toFloatArray();
                    List<Integer> dims = expected.dims();
                    for (int i = 0; i < ours.length; i++) {
                        int at = dims.size() == 4 ? nhwcIndex(i, (int) s.get(1), (int) s.get(2), (int) s.get(3)) : i;
                        long q = expected.value()[at];
                        saturated += q == 127 || q == -128 ? 1 : 0;
                        assertEquals((float) (q * Math.pow(2, -expected.e())), ours[i], 0f, tensor + " of image " + n + " at " + i);
                        compared++;
                    }
                }
            }
            assertTrue(saturated > 0, "the fixture saturates somewhere");
            assertTrue(compared > 3 * 8 * 81, "compared " + compared);
            int shiftBias = model.quantParams().get("input").fixPosition(0).orElseThrow()
                    + model.quantParams().get("conv1.weight").fixPosition(0).orElseThrow() - ReferenceNetFixture.CONV1_BIAS_FIX;
            assertEquals(-2, shiftBias, "conv1's bias is finer than its accumulator");
        }
    }

    /** Image n of an NCHW batch, as NHWC. */
    private static float[] nhwc(float[] nchw, int n, int c, int h, int w) {
        float[] out = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * c + ch] = nchw[((n * c + ch) * h + y) * w + x];
                }
            }
        }
        return out;
    }

    /** Where CHW index i sits in HWC. */
    private static int nhwcIndex(int i, int c, int h, int w) {
        int ch = i / (h * w);
        int y = (i / w) % h;
        int x = i % w;
        return (y * w + x) * c + ch;
    }
}
