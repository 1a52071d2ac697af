package io.qforge.api.target;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A target's bit-exact model of its own arithmetic: what the hardware computes, on the host. The
 * engine runs it on the test split beside the simulated-int model and reports where they differ.
 *
 * <p>Example: the DPUCZDX8G's multiplies int8 by int8 into int32, aligns the bias, shifts by
 * shift_cut with DPU rounding and saturates.
 */
public interface IntegerModel {

    /** The output (dequantized logits) for a batch of preprocessed NCHW inputs. */
    NDArray logits(NDArray input);

    /** Every quantized tensor's values (dequantized), by IR tensor name, for a batch: to find where two models part. */
    Map<String, NDArray> quantizedTensors(NDArray input);

    /**
     * The file a board's dump tool writes {@code tensor}'s integers to, within one image's folder;
     * golden dumps and {@code qforge diff} use the same names. Default: the tensor's name, with
     * '/' as '_', and ".bin".
     */
    default String dumpFile(String tensor) {
        return tensor.replace('/', '_') + ".bin";
    }

    /** Whether a dump holds each image's tensor as (H, W, C), as the DPU's do, rather than (C, H, W). */
    default boolean dumpsChannelsLast() {
        return false;
    }
}
