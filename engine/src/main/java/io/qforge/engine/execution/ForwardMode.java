package io.qforge.engine.execution;

/** How a forward pass treats batch norm and intermediate tensors. */
public enum ForwardMode {
    /** Running statistics for batch norm; intermediates freed as soon as their last reader ran. */
    INFERENCE,
    /**
     * Batch statistics for batch norm, which also updates the running statistics in place, as
     * PyTorch's train mode does. Intermediates are freed at the end of the pass; PyTorch's
     * autograd keeps its own references to what the backward pass needs.
     */
    TRAINING
}
