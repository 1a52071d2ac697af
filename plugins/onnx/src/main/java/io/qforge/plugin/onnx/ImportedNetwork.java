package io.qforge.plugin.onnx;

import io.qforge.api.graph.Graph;
import java.util.Map;

/**
 * An ONNX model read into qforge: its graph, for the file's input size and classes, and the
 * values of every parameter by name.
 */
record ImportedNetwork(Graph graph, Map<String, float[]> weights) {

    /** The input size taken when the file leaves height or width open. */
    static final int DEFAULT_SIZE = 224;

    ImportedNetwork {
        weights = Map.copyOf(weights);
    }
}
