package com.example.qforge.edgenpu.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX NodeProto and its AttributeProtos (onnx.proto field numbers), in the default domain.
 *
 * <p>Example: {@code OnnxNode.of("Relu", "relu", "conv1").output("relu")}.
 */
public final class OnnxNode {

    // NodeProto
    private static final int INPUT = 1;
    private static final int OUTPUT = 2;
    private static final int NAME = 3;
    private static final int OP_TYPE = 4;
    private static final int ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    // AttributeProto.AttributeType
    private static final int FLOAT = 1;
    private static final int INT = 2;
    private static final int INTS = 7;

    private final String opType;
    private final String name;
    private final List<String> inputs;
    private final List<String> outputs = new ArrayList<>();
    private final List<ProtoMessage> attributes = new ArrayList<>();

    private OnnxNode(String opType, String name, List<String> inputs) {
        this.opType = opType;
        this.name = name;
        this.inputs = inputs;
    }

    /** A node of {@code opType} called {@code name} reading {@code inputs} ("" for an absent optional input). */
    public static OnnxNode of(String opType, String name, String... inputs) {
        return new OnnxNode(opType, name, List.of(inputs));
    }

    public OnnxNode output(String value) {
        outputs.add(value);
        return this;
    }

    public OnnxNode attribute(String attribute, long value) {
        attributes.add(new ProtoMessage().string(ATTR_NAME, attribute).int64(ATTR_I, value).int64(ATTR_TYPE, INT));
        return this;
    }

    public OnnxNode attribute(String attribute, float value) {
        attributes.add(new ProtoMessage().string(ATTR_NAME, attribute).float32(ATTR_F, value).int64(ATTR_TYPE, FLOAT));
        return this;
    }

    public OnnxNode ints(String attribute, long... values) {
        attributes.add(new ProtoMessage().string(ATTR_NAME, attribute).int64s(ATTR_INTS, values).int64(ATTR_TYPE, INTS));
        return this;
    }

    /** The first output's name, what readers of the node take. */
    public String firstOutput() {
        return outputs.get(0);
    }

    ProtoMessage toProto() {
        ProtoMessage m = new ProtoMessage();
        for (String in : inputs) {
            m.string(INPUT, in);
        }
        for (String out : outputs) {
            m.string(OUTPUT, out);
        }
        m.string(NAME, name).string(OP_TYPE, opType);
        for (ProtoMessage a : attributes) {
            m.message(ATTRIBUTE, a);
        }
        return m;
    }
}
