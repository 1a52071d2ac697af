package io.qforge.target.dpuczdx8g.xir;

import com.google.protobuf.ByteString;
import io.qforge.target.dpuczdx8g.xir.XirProto.AttrValue;
import java.util.List;
import java.util.Locale;

/** Builds XIR attribute values of the types the quantized graph uses. */
final class XirAttrs {

    private XirAttrs() {}

    static AttrValue of(int value) {
        return AttrValue.newBuilder().setInt32Value(value).build();
    }

    static AttrValue of(boolean value) {
        return AttrValue.newBuilder().setBoolValue(value).build();
    }

    static AttrValue of(float value) {
        return AttrValue.newBuilder().setFloatValue(value).build();
    }

    static AttrValue of(String value) {
        return AttrValue.newBuilder().setStringValue(value).build();
    }

    static AttrValue ints(List<Integer> values) {
        return AttrValue.newBuilder().setInt32VecValue(XirProto.Int32Vec.newBuilder().addAllValue(values)).build();
    }

    static AttrValue strings(List<String> values) {
        return AttrValue.newBuilder().setStringVecValue(XirProto.StringVec.newBuilder().addAllValue(values)).build();
    }

    static AttrValue bytes(byte[] data) {
        return AttrValue.newBuilder().setBytesValue(XirProto.Bytes.newBuilder().setValue(ByteString.copyFrom(data))).build();
    }

    /** The Java value an attribute holds: Integer, Long, Float, Double, Boolean, String, byte[] or a List of those. */
    static Object value(AttrValue v) {
        return switch (v.getValueCase()) {
            case BOOL_VALUE -> v.getBoolValue();
            case INT32_VALUE -> v.getInt32Value();
            case UINT32_VALUE -> Integer.toUnsignedLong(v.getUint32Value());
            case INT64_VALUE -> v.getInt64Value();
            case UINT64_VALUE -> v.getUint64Value();
            case FLOAT_VALUE -> v.getFloatValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case STRING_VALUE -> v.getStringValue();
            case BYTES_VALUE -> v.getBytesValue().getValue().toByteArray();
            case BOOL_VEC_VALUE -> List.copyOf(v.getBoolVecValue().getValueList());
            case INT32_VEC_VALUE -> List.copyOf(v.getInt32VecValue().getValueList());
            case INT64_VEC_VALUE -> List.copyOf(v.getInt64VecValue().getValueList());
            case FLOAT_VEC_VALUE -> List.copyOf(v.getFloatVecValue().getValueList());
            case STRING_VEC_VALUE -> List.copyOf(v.getStringVecValue().getValueList());
            default -> v.getValueCase().name().toLowerCase(Locale.ROOT);
        };
    }
}
