package io.qforge.engine.weights;

import ai.djl.ndarray.types.Shape;
import io.qforge.onnx.OnnxModel.TensorProto;
import io.qforge.onnx.TensorValues;

/** ONNX initializers as float32 values and DJL shapes, a tensor that cannot be read reported against its file. */
final class OnnxTensors {

    private OnnxTensors() {}

    static Shape shape(TensorProto t) {
        return new Shape(TensorValues.shape(t));
    }

    static float[] floats(TensorProto t, String file) {
        try {
            return TensorValues.floats(t);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, e.getMessage());
        }
    }
}
