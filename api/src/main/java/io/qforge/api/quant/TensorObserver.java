package io.qforge.api.quant;

import ai.djl.ndarray.NDArray;

/**
 * A streaming observer of one tensor. It is fed one batch at a time and keeps only statistics;
 * it must not hold on to the arrays it is given.
 */
public interface TensorObserver {

    /** Updates the statistics with one batch of the tensor's values. */
    void observe(NDArray batch);

    /** The parameters chosen from everything observed so far. */
    QuantParams result();
}
