package io.qforge.plugin.onnx;

import io.qforge.onnx.OnnxModel.AttributeProto;
import io.qforge.onnx.OnnxModel.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** An ONNX node's attributes by name, with ONNX's defaults where an attribute is absent. */
final class NodeAttributes {

    private final NodeProto node;

    NodeAttributes(NodeProto node) {
        this.node = node;
    }

    private Optional<AttributeProto> find(String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    boolean has(String name) {
        return find(name).isPresent();
    }

    long integer(String name, long fallback) {
        return find(name).map(AttributeProto::getI).orElse(fallback);
    }

    float real(String name, float fallback) {
        return find(name).map(AttributeProto::getF).orElse(fallback);
    }

    String text(String name, String fallback) {
        return find(name).map(a -> a.getS().toString(StandardCharsets.UTF_8)).orElse(fallback);
    }

    List<Long> integers(String name, List<Long> fallback) {
        return find(name).map(AttributeProto::getIntsList).orElse(fallback);
    }
}
