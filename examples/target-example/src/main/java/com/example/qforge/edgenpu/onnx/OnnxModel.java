package com.example.qforge.edgenpu.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX ModelProto with one GraphProto, filled in order and written with {@link #toByteArray()}:
 * IR version 7, the default domain at opset 13. Nodes must be added in topological order.
 */
public final class OnnxModel {

    public static final long IR_VERSION = 7;
    public static final long OPSET = 13;

    // ModelProto
    private static final int IR_VERSION_FIELD = 1;
    private static final int PRODUCER_NAME = 2;
    private static final int GRAPH = 7;
    private static final int OPSET_IMPORT = 8;
    // OperatorSetIdProto
    private static final int DOMAIN = 1;
    private static final int VERSION = 2;
    // GraphProto
    private static final int NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int INITIALIZER = 5;
    private static final int INPUT = 11;
    private static final int OUTPUT = 12;

    private final String graphName;
    private final String producer;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final List<OnnxInitializer> initializers = new ArrayList<>();
    private final List<OnnxValueInfo> inputs = new ArrayList<>();
    private final List<OnnxValueInfo> outputs = new ArrayList<>();

    public OnnxModel(String graphName, String producer) {
        this.graphName = graphName;
        this.producer = producer;
    }

    /** Adds {@code node} and returns its first output. */
    public String add(OnnxNode node) {
        nodes.add(node);
        return node.firstOutput();
    }

    /** Adds {@code initializer} and returns its name. */
    public String add(OnnxInitializer initializer) {
        initializers.add(initializer);
        return initializer.name();
    }

    public void input(OnnxValueInfo value) {
        inputs.add(value);
    }

    public void output(OnnxValueInfo value) {
        outputs.add(value);
    }

    public byte[] toByteArray() {
        ProtoMessage graph = new ProtoMessage();
        for (OnnxNode n : nodes) {
            graph.message(NODE, n.toProto());
        }
        graph.string(GRAPH_NAME, graphName);
        for (OnnxInitializer i : initializers) {
            graph.message(INITIALIZER, i.toProto());
        }
        for (OnnxValueInfo v : inputs) {
            graph.message(INPUT, v.toProto());
        }
        for (OnnxValueInfo v : outputs) {
            graph.message(OUTPUT, v.toProto());
        }
        return new ProtoMessage()
                .int64(IR_VERSION_FIELD, IR_VERSION)
                .string(PRODUCER_NAME, producer)
                .message(GRAPH, graph)
                .message(OPSET_IMPORT, new ProtoMessage().string(DOMAIN, "").int64(VERSION, OPSET))
                .toByteArray();
    }
}
