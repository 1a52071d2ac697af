package io.qforge.engine.data;

import ai.djl.ndarray.NDArray;

/** One batch: inputs (N, ...) and their labels. The caller closes the array. */
public record Batch(NDArray inputs, int[] labels) implements AutoCloseable {

    @Override
    public void close() {
        inputs.close();
    }
}
