package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Node;

/**
 * Hooks on a forward pass, for observing (calibration, tracing) and for replacing (fake
 * quantization) without copying the graph. A hook must not keep the arrays it is given: they may
 * be freed once the pass no longer needs them.
 */
public interface ExecutionHooks {

    /** No hooks. */
    ExecutionHooks NONE = new ExecutionHooks() {};

    /** The value {@code node} uses for its parameter {@code role}; by default {@code value}. */
    default NDArray parameter(Node node, String role, NDArray value) {
        return value;
    }

    /** The output of {@code node} that later nodes see; by default {@code output}. */
    default NDArray output(Node node, NDArray output) {
        return output;
    }
}
