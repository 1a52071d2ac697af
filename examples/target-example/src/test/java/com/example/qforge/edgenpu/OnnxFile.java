package com.example.qforge.edgenpu;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX file read back with {@link CodedInputStream}, only the fields edge-npu writes: to check
 * what was exported without generated classes. Unknown fields are skipped.
 */
final class OnnxFile {

    record Tensor(String name, int dataType, long[] dims, byte[] raw) {

        long[] integers() {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            return switch (dataType) {
                case 2 -> range(raw.length, i -> raw[i] & 0xFF);
                case 3 -> range(raw.length, i -> raw[i]);
                case 6 -> range(raw.length / 4, i -> b.getInt(4 * i));
                default -> throw new IllegalStateException(name + " holds data type " + dataType + ", not integers");
            };
        }

        float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[raw.length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getFloat(4 * i);
            }
            return out;
        }

        private static long[] range(int n, java.util.function.IntToLongFunction f) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsLong(i);
            }
            return out;
        }
    }

    record Node(String opType, String name, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {}

    long irVersion;
    long opset = -1;
    String producer = "";
    String graphName = "";
    final List<Node> nodes = new ArrayList<>();
    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    final List<String> inputs = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();

    private OnnxFile() {}

    static OnnxFile parse(byte[] bytes) throws IOException {
        OnnxFile f = new OnnxFile();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> f.irVersion = in.readInt64();
                case 2 -> f.producer = in.readString();
                case 7 -> f.graph(in.readBytes().toByteArray());
                case 8 -> {
                    CodedInputStream opset = CodedInputStream.newInstance(in.readBytes().toByteArray());
                    for (int t = opset.readTag(); t != 0; t = opset.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == 2) {
                            f.opset = opset.readInt64();
                        } else {
                            opset.skipField(t);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return f;
    }

    private void graph(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(node(in.readBytes().toByteArray()));
                case 2 -> graphName = in.readString();
                case 5 -> {
                    Tensor t = tensor(in.readBytes().toByteArray());
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(valueName(in.readBytes().toByteArray()));
                case 12 -> outputs.add(valueName(in.readBytes().toByteArray()));
                default -> in.skipField(tag);
            }
        }
    }

    private static Node node(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String op = "";
        String name = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> op = in.readString();
                case 5 -> attribute(in.readBytes().toByteArray(), attributes);
                default -> in.skipField(tag);
            }
        }
        return new Node(op, name, inputs, outputs, attributes);
    }

    /** An attribute as a Long (INT), Float (FLOAT) or List of Long (INTS). */
    private static void attribute(byte[] bytes, Map<String, Object> into) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String name = "";
        Object value = null;
        List<Long> ints = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> value = in.readFloat();
                case 3 -> value = in.readInt64();
                case 8 -> ints.add(in.readInt64());
                default -> in.skipField(tag);
            }
        }
        into.put(name, value != null ? value : ints);
    }

    private static Tensor tensor(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        byte[] raw = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> dims.add(in.readInt64());
                case 2 -> type = in.readInt32();
                case 8 -> name = in.readString();
                case 9 -> raw = in.readBytes().toByteArray();
                default -> in.skipField(tag);
            }
        }
        return new Tensor(name, type, dims.stream().mapToLong(Long::longValue).toArray(), raw);
    }

    private static String valueName(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no node " + name));
    }

    Tensor initializer(String name) {
        Tensor t = initializers.get(name);
        if (t == null) {
            throw new AssertionError("no initializer " + name + "; there are " + initializers.keySet());
        }
        return t;
    }
}
