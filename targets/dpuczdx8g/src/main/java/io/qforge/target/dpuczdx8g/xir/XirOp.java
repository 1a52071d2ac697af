package io.qforge.target.dpuczdx8g.xir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * One op of an xmodel as qforge reads it back: its type, attributes as Java values, the ops each
 * argument reads, and its output dims.
 */
public record XirOp(String name, String type, Map<String, Object> attrs, Map<String, List<String>> args, List<Integer> dims) {

    public XirOp {
        attrs = Map.copyOf(attrs);
        args = Map.copyOf(args);
        dims = List.copyOf(dims);
    }

    /** A const op's float32 data. */
    public float[] floats() {
        if (!(attrs.get("data") instanceof byte[] data)) {
            throw new IllegalStateException(name + " is a " + type + " op without a data attribute");
        }
        float[] out = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public int intAttr(String key) {
        return (Integer) attrs.get(key);
    }
}
