package io.qforge.engine.execution;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Node;
import java.util.List;
import java.util.function.Function;

/** Computes one op on DJL arrays. */
@FunctionalInterface
interface OpKernel {

    /**
     * @param node the node, for its attributes
     * @param inputs the values of the node's inputs, in order
     * @param param the node's parameter values by role (after hooks); null for a role the node does not have
     * @param mode inference or training
     */
    NDArray apply(Node node, List<NDArray> inputs, Function<String, NDArray> param, ForwardMode mode);
}
