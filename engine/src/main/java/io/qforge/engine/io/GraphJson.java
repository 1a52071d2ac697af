package io.qforge.engine.io;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.ModuleScope;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.ParameterSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A graph of the IR as JSON, so that a stage can hand its graph (after folding, say) to a later
 * one through a file. Attributes keep their types: whole numbers are Integer, other numbers Float,
 * lists are lists of Integer, as {@link Node} documents them.
 */
public final class GraphJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GraphJson() {}

    public static ObjectNode write(Graph graph) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", graph.name());
        ArrayNode inputs = root.putArray("inputs");
        graph.inputs().forEach(in -> shape(inputs.addObject().put("name", in.name()), in.sampleShape()));
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : graph.nodes()) {
            ObjectNode node = nodes.addObject().put("name", n.name()).put("op", n.op());
            n.inputs().forEach(node.putArray("inputs")::add);
            // Sorted by key: a node's maps may come from Map.of, whose order changes from one JVM to the next.
            ObjectNode params = node.putObject("params");
            new TreeMap<>(n.params()).forEach(params::put);
            node.set("attributes", MAPPER.valueToTree(new TreeMap<>(n.attributes())));
        }
        graph.outputs().forEach(root.putArray("outputs")::add);
        ArrayNode parameters = root.putArray("parameters");
        for (ParameterSpec p : graph.parameters().values()) {
            shape(parameters.addObject().put("name", p.name()), p.shape()).put("init", p.init()).put("trainable", p.trainable());
        }
        ArrayNode modules = root.putArray("modules");
        graph.modules().forEach(m -> modules.addObject().put("name", m.name()).put("type", m.type()).put("output_node", m.outputNode()));
        return root;
    }

    /** The graph {@link #write} wrote; the graph's own checks reject a file that does not describe a valid DAG. */
    public static Graph read(JsonNode root) {
        List<GraphInput> inputs = new ArrayList<>();
        root.get("inputs").forEach(in -> inputs.add(new GraphInput(in.get("name").asText(), shape(in))));
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : root.get("nodes")) {
            List<String> ins = new ArrayList<>();
            n.get("inputs").forEach(i -> ins.add(i.asText()));
            Map<String, String> params = new LinkedHashMap<>();
            n.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("attributes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                attributes.put(e.getKey(), attribute(e.getValue()));
            }
            nodes.add(new Node(n.get("name").asText(), n.get("op").asText(), ins, params, attributes));
        }
        List<String> outputs = new ArrayList<>();
        root.get("outputs").forEach(o -> outputs.add(o.asText()));
        List<ParameterSpec> parameters = new ArrayList<>();
        root.get("parameters").forEach(p -> parameters.add(new ParameterSpec(p.get("name").asText(), shape(p), p.get("init").asText(),
                p.get("trainable").asBoolean())));
        List<ModuleScope> modules = new ArrayList<>();
        root.get("modules").forEach(m -> modules.add(new ModuleScope(m.get("name").asText(), m.get("type").asText(), m.get("output_node").asText())));
        return new Graph(root.get("name").asText(), inputs, nodes, outputs, parameters, modules);
    }

    private static Object attribute(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isNumber()) {
            return v.floatValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isArray()) {
            List<Integer> ints = new ArrayList<>();
            v.forEach(i -> ints.add(i.intValue()));
            return ints;
        }
        return v.asText();
    }

    private static ObjectNode shape(ObjectNode node, Shape shape) {
        ArrayNode dims = node.putArray("shape");
        for (long d : shape.getShape()) {
            dims.add(d);
        }
        return node;
    }

    private static Shape shape(JsonNode node) {
        long[] dims = new long[node.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = node.get("shape").get(i).asLong();
        }
        return new Shape(dims);
    }
}
