package com.example.qforge.edgenpu.onnx;

/**
 * An ONNX ValueInfoProto of a float tensor whose first dimension is the batch (a symbolic
 * dimension named {@code batch}) and whose other dimensions are fixed: a graph input or output.
 *
 * <p>Example: {@code OnnxValueInfo.floatBatch("input", new long[] {3, 224, 224})} is
 * float[batch, 3, 224, 224].
 */
public final class OnnxValueInfo {

    // ValueInfoProto
    private static final int NAME = 1;
    private static final int TYPE = 2;
    // TypeProto
    private static final int TENSOR_TYPE = 1;
    // TypeProto.Tensor
    private static final int ELEM_TYPE = 1;
    private static final int SHAPE = 2;
    // TensorShapeProto
    private static final int DIM = 1;
    // TensorShapeProto.Dimension
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final String name;
    private final long[] sampleShape;

    private OnnxValueInfo(String name, long[] sampleShape) {
        this.name = name;
        this.sampleShape = sampleShape.clone();
    }

    /** float[batch, sampleShape...]. */
    public static OnnxValueInfo floatBatch(String name, long[] sampleShape) {
        return new OnnxValueInfo(name, sampleShape);
    }

    ProtoMessage toProto() {
        ProtoMessage shape = new ProtoMessage().message(DIM, new ProtoMessage().string(DIM_PARAM, "batch"));
        for (long d : sampleShape) {
            shape.message(DIM, new ProtoMessage().int64(DIM_VALUE, d));
        }
        ProtoMessage tensor = new ProtoMessage().int64(ELEM_TYPE, OnnxInitializer.FLOAT).message(SHAPE, shape);
        return new ProtoMessage().string(NAME, name).message(TYPE, new ProtoMessage().message(TENSOR_TYPE, tensor));
    }
}
