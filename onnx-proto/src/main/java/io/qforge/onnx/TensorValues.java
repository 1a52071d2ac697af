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

    /** The most values one tensor may hold: what one Java array holds. */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /** How many values the tensor holds: the product of its dimensions (1 for a scalar). */
    public static int count(TensorProto t) {
        long n = 1;
        for (long d : shape(t)) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + t.getName() + "' has the shape " + Arrays.toString(shape(t))
                        + "; dimensions are whole numbers >= 0");
            }
            // Once past the limit the product is refused anyway; stopping there keeps it from overflowing.
            n = n > MAX_VALUES ? n : n * Math.min(d, (long) MAX_VALUES + 1);
        }
        if (n > MAX_VALUES) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has the shape " + Arrays.toString(shape(t))
                    + ", more than the " + MAX_VALUES + " values qforge reads as one tensor");
        }
        return (int) n;
    }

    public static boolean isFloat(TensorProto t) {
        return t.getDataType() == FLOAT || t.getDataType() == FLOAT16 || t.getDataType() == DOUBLE || t.getDataType() == BFLOAT16;
    }

    public static float[] floats(TensorProto t) {
        inside(t);
        int count = count(t);
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        // The data present is checked against the shape before the values are allocated.
        switch (t.getDataType()) {
            case FLOAT -> expect(t, hasRaw ? raw.size() : t.getFloatDataCount(), hasRaw ? count * 4L : count);
            case DOUBLE -> expect(t, hasRaw ? raw.size() : t.getDoubleDataCount(), hasRaw ? count * 8L : count);
            // Without raw data, ONNX stores 16-bit floats one per int32_data entry.
            case FLOAT16, BFLOAT16 -> expect(t, hasRaw ? raw.size() : t.getInt32DataCount(), hasRaw ? count * 2L : count);
            default -> throw new IllegalArgumentException("tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + "; weights must be float (1), float16 (10), double (11) or bfloat16 (16)");
        }
        float[] out = new float[count];
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean bf = t.getDataType() == BFLOAT16;
        for (int i = 0; i < count; i++) {
            out[i] = switch (t.getDataType()) {
                case FLOAT -> hasRaw ? bytes.getFloat() : t.getFloatData(i);
                case DOUBLE -> (float) (hasRaw ? bytes.getDouble() : t.getDoubleData(i));
                default -> {
                    short bits = hasRaw ? bytes.getShort() : (short) t.getInt32Data(i);
                    yield bf ? HalfFloats.bfloat16(bits) : HalfFloats.float16(bits);
                }
            };
        }
        return out;
    }

    /** An int64 or int32 tensor's values, as shape arithmetic uses them. */
    public static long[] longs(TensorProto t) {
        inside(t);
        int count = count(t);
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        switch (t.getDataType()) {
            case INT64 -> expect(t, hasRaw ? raw.size() : t.getInt64DataCount(), hasRaw ? count * 8L : count);
            case INT32 -> expect(t, hasRaw ? raw.size() : t.getInt32DataCount(), hasRaw ? count * 4L : count);
            default -> throw new IllegalArgumentException("tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + " where whole numbers are needed: int64 (7) or int32 (6)");
        }
        long[] out = new long[count];
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean int64 = t.getDataType() == INT64;
        for (int i = 0; i < count; i++) {
            out[i] = int64 ? (hasRaw ? bytes.getLong() : t.getInt64Data(i)) : (hasRaw ? bytes.getInt() : t.getInt32Data(i));
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
