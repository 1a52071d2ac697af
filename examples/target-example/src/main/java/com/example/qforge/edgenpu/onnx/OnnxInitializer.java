package com.example.qforge.edgenpu.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An ONNX TensorProto holding a constant (an initializer), its values little-endian in raw_data.
 *
 * <p>Example: {@code OnnxInitializer.int8("conv1.weight.quantized", new long[] {8, 3, 3, 3}, q)}.
 */
public final class OnnxInitializer {

    // TensorProto
    private static final int DIMS = 1;
    private static final int DATA_TYPE = 2;
    private static final int NAME = 8;
    private static final int RAW_DATA = 9;
    // TensorProto.DataType
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;

    private final String name;
    private final int dataType;
    private final long[] dims;
    private final byte[] raw;

    private OnnxInitializer(String name, int dataType, long[] dims, byte[] raw) {
        this.name = name;
        this.dataType = dataType;
        this.dims = dims.clone();
        this.raw = raw;
    }

    public static OnnxInitializer floats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new OnnxInitializer(name, FLOAT, dims, b.array());
    }

    /** Signed bytes; each value must be in [-128, 127]. */
    public static OnnxInitializer int8(String name, long[] dims, long[] values) {
        return new OnnxInitializer(name, INT8, dims, bytes(values, -128, 127, name));
    }

    /** Unsigned bytes; each value must be in [0, 255]. */
    public static OnnxInitializer uint8(String name, long[] dims, long[] values) {
        return new OnnxInitializer(name, UINT8, dims, bytes(values, 0, 255, name));
    }

    private static byte[] bytes(long[] values, long min, long max, String name) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < min || values[i] > max) {
                throw new IllegalArgumentException(name + ": " + values[i] + " is outside [" + min + ", " + max + "]");
            }
            out[i] = (byte) values[i];
        }
        return out;
    }

    public String name() {
        return name;
    }

    ProtoMessage toProto() {
        return new ProtoMessage().int64s(DIMS, dims).int64(DATA_TYPE, dataType).string(NAME, name).bytes(RAW_DATA, raw);
    }
}
