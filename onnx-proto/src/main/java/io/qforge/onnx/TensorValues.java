package io.qforge.onnx;

import com.google.protobuf.ByteString;
import io.qforge.onnx.OnnxModel.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The values of an ONNX tensor (an initializer or a Constant's value), raw or typed: as float32
 * from float32, float16, bfloat16 or float64, and as int64 from the integer types that shape
 * arithmetic uses. A tensor that cannot be read throws {@link IllegalArgumentException} with what
 * is wrong; callers add the file.
 */
public final class TensorValues {

    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
    public static final int BFLOAT16 = 16;
    private static final int EXTERNAL = 1;

    private TensorValues() {}

    public static long[] shape(TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        return dims;
    }

    /** How many values the tensor holds: the product of its dimensions (1 for a scalar). */
    public static int count(TensorProto t) {
        long n = 1;
        for (long d : shape(t)) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    public static boolean isFloat(TensorProto t) {
        return t.getDataType() == FLOAT || t.getDataType() == FLOAT16 || t.getDataType() == DOUBLE || t.getDataType() == BFLOAT16;
    }

    public static float[] floats(TensorProto t) {
        inside(t);
        int count = count(t);
        float[] out = new float[count];
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case FLOAT -> {
                if (hasRaw) {
                    expect(t, raw.size(), count * 4L);
                    bytes.asFloatBuffer().get(out);
                } else {
                    expect(t, t.getFloatDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        out[i] = t.getFloatData(i);
                    }
                }
            }
            case DOUBLE -> {
                if (hasRaw) {
                    expect(t, raw.size(), count * 8L);
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) bytes.getDouble();
                    }
                } else {
                    expect(t, t.getDoubleDataCount(), count);
                    for (int i = 0; i < count; i++) {
                        out[i] = (float) t.getDoubleData(i);
                    }
                }
            }
            case FLOAT16, BFLOAT16 -> {
                boolean bf = t.getDataType() == BFLOAT16;
                if (hasRaw) {
                    expect(t, raw.size(), count * 2L);
                } else {
                    expect(t, t.getInt32DataCount(), count);
                }
                for (int i = 0; i < count; i++) {
                    // Without raw data, ONNX stores 16-bit floats one per int32_data entry.
                    short bits = hasRaw ? bytes.getShort() : (short) t.getInt32Data(i);
                    out[i] = bf ? HalfFloats.bfloat16(bits) : HalfFloats.float16(bits);
                }
            }
            default -> throw new IllegalArgumentException("tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + "; weights must be float (1), float16 (10), double (11) or bfloat16 (16)");
        }
        return out;
    }

    /** An int64 or int32 tensor's values, as shape arithmetic uses them. */
    public static long[] longs(TensorProto t) {
        inside(t);
        int count = count(t);
        long[] out = new long[count];
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case INT64 -> {
                expect(t, hasRaw ? raw.size() : t.getInt64DataCount(), hasRaw ? count * 8L : count);
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? bytes.getLong() : t.getInt64Data(i);
                }
            }
            case INT32 -> {
                expect(t, hasRaw ? raw.size() : t.getInt32DataCount(), hasRaw ? count * 4L : count);
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? bytes.getInt() : t.getInt32Data(i);
                }
            }
            default -> throw new IllegalArgumentException("tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + " where whole numbers are needed: int64 (7) or int32 (6)");
        }
        return out;
    }

    private static void inside(TensorProto t) {
        if (t.getDataLocation() == EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' keeps its data in an external file, which qforge does not read. "
                    + "Export with all weights inside the .onnx file (the default below 2 GB)");
        }
    }

    private static void expect(TensorProto t, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' of shape " + Arrays.toString(shape(t)) + " holds " + actual
                    + " values or bytes where " + expected + " are needed. The file is damaged");
        }
    }
}
