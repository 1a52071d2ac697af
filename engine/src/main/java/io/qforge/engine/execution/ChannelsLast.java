package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Channels-last (NHWC in memory) copies of NCHW arrays. libtorch's oneDNN convolutions run much
 * faster on them, and every op the executor runs keeps the layout, so one copy of the input puts
 * the whole pass in it (ResNet18 on 2 cores: 1.4x at 32x32 batch 256, see docs/benchmarks.md).
 * The shape and the values stay those of the NCHW array; only the strides change.
 */
final class ChannelsLast {

    private ChannelsLast() {}

    /** {@code x} when it is not 4-D, else its channels-last copy on {@code x}'s manager. */
    static NDArray of(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            return x;
        }
        // DJL has no memory-format argument: copy the NHWC permutation into a contiguous buffer
        // (flatten copies a non-contiguous view), then view that buffer as NCHW again.
        try (NDArray nhwcView = x.transpose(0, 2, 3, 1); NDArray nhwc = nhwcView.flatten(); NDArray shaped = nhwc.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return shaped.transpose(0, 3, 1, 2);
        }
    }

    /** A contiguous NCHW copy of {@code x}, whatever its layout. */
    static NDArray toNchw(NDArray x) {
        // flatten copies in logical (NCHW) order when x is channels-last.
        try (NDArray flat = x.flatten()) {
            return flat.reshape(x.getShape());
        }
    }
}
