package io.qforge.api.graph;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The declaration of a named parameter: its shape and how a fresh one is initialised.
 *
 * @param name the torchvision-style name, e.g. {@code layer1.0.conv1.weight}
 * @param shape the tensor shape
 * @param init the initialiser: {@code kaiming_normal_fan_out}, {@code linear_uniform}, {@code
 *     ones} or {@code zeros}; buffers such as running statistics use {@code zeros} or {@code ones}
 * @param trainable false for buffers (running mean and variance)
 */
public record ParameterSpec(String name, Shape shape, String init, boolean trainable) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(init, "init");
    }

    /** The number of scalars in the parameter. */
    public long size() {
        return shape.size();
    }
}
