package io.qforge.engine.weights;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor of a safetensors file: its name, dtype, shape and where its bytes are, relative to
 * the start of the data section.
 */
public record TensorEntry(String name, String dtype, Shape shape, long begin, long end) {}
