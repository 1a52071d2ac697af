package io.qforge.engine.weights;

import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import io.qforge.onnx.OnnxModel.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes ONNX initializers (float32, float16, bfloat16, double; raw or typed data) to float32. */
final class OnnxTensors {

    static final int FLOAT = 1;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;
    private static final int EXTERNAL = 1;

    private OnnxTensors() {}

    static Shape shape(TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        return new Shape(dims);
    }

    static float[] floats(TensorProto t, String file) {
        if (t.getDataLocation() == EXTERNAL) {
            throw new WeightFileException(file, "initializer '" + t.getName() + "' keeps its data in an external file, which qforge does not read. "
                    + "Export with all weights inside the .onnx file (the default below 2 GB)");
        }
        int count = Math.toIntExact(shape(t).size());
        float[] out = new float[count];
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case FLOAT -> {
                if (hasRaw) {
                    expect(t, file, raw.size(), count * 4L);
                    bytes.asFloatBuffer().get(out);
                } else {
                    expect(t, file, t.getFloatDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        out[i] = t.getFloatData(i);
                    }
                }
            }
            case DOUBLE -> {
                if (hasRaw) {
                    expect(t, file, raw.size(), count * 8L);
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) bytes.getDouble();
                    }
                } else {
                    expect(t, file, t.getDoubleDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) t.getDoubleData(i);
                    }
                }
            }
            case FLOAT16, BFLOAT16 -> {
                boolean bf = t.getDataType() == BFLOAT16;
                if (hasRaw) {
                    expect(t, file, raw.size(), count * 2L);
                }
                for (int i = 0; i < count; i++) {
                    // Without raw data, ONNX stores 16-bit floats one per int32_data entry.
                    short bits = hasRaw ? bytes.getShort() : (short) t.getInt32Data(i);
                    out[i] = bf ? HalfFloats.bfloat16(bits) : HalfFloats.float16(bits);
                }
            }
            default -> throw new WeightFileException(file, "initializer '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + "; weights must be float (1), float16 (10), double (11) or bfloat16 (16)");
        }
        return out;
    }

    private static void expect(TensorProto t, String file, long actual, long expected) {
        if (actual != expected) {
            throw new WeightFileException(file, "initializer '" + t.getName() + "' of shape " + shape(t) + " holds " + actual
                    + " values or bytes where " + expected + " are needed. The file is damaged");
        }
    }
}
