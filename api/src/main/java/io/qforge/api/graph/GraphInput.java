package io.qforge.api.graph;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * A graph input: its name and its per-sample shape (without the batch dimension), e.g. (3, 224,
 * 224).
 */
public record GraphInput(String name, Shape sampleShape) {

    public GraphInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sampleShape, "sampleShape");
    }
}
