package io.qforge.api.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable DAG of named nodes in topological order, with its parameter declarations kept
 * apart from the topology so that weights can be loaded, folded or quantized without rebuilding
 * the graph.
 *
 * <p>Construction checks the invariants: unique names, every input defined earlier, every
 * referenced parameter declared, every output defined.
 */
public final class Graph {

    private final String name;
    private final List<GraphInput> inputs;
    private final List<Node> nodes;
    private final List<String> outputs;
    private final Map<String, ParameterSpec> parameters;
    private final Map<String, Node> nodesByName;
    private final List<ModuleScope> modules;

    public Graph(String name, List<GraphInput> inputs, List<Node> nodes, List<String> outputs,
            List<ParameterSpec> parameters) {
        this(name, inputs, nodes, outputs, parameters, List.of());
    }

    /** A graph that also records the composite modules of its source framework, for summaries. */
    public Graph(String name, List<GraphInput> inputs, List<Node> nodes, List<String> outputs,
            List<ParameterSpec> parameters, List<ModuleScope> modules) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        Map<String, ParameterSpec> params = new LinkedHashMap<>();
        for (ParameterSpec p : parameters) {
            if (params.put(p.name(), p) != null) {
                throw new IllegalArgumentException("graph " + name + ": parameter '" + p.name() + "' is declared twice");
            }
        }
        this.parameters = Collections.unmodifiableMap(params);
        this.nodesByName = Collections.unmodifiableMap(checkTopology());
        this.modules = List.copyOf(modules);
        for (ModuleScope m : this.modules) {
            if (!nodesByName.containsKey(m.outputNode())) {
                throw new IllegalArgumentException("graph " + name + ": module '" + m.name() + "' ends at '"
                        + m.outputNode() + "', which is not a node");
            }
        }
    }

    private Map<String, Node> checkTopology() {
        Set<String> defined = new HashSet<>();
        for (GraphInput in : inputs) {
            if (!defined.add(in.name())) {
                throw new IllegalArgumentException("graph " + name + ": input '" + in.name() + "' is declared twice");
            }
        }
        Map<String, Node> byName = new LinkedHashMap<>();
        for (Node node : nodes) {
            for (String input : node.inputs()) {
                if (!defined.contains(input)) {
                    throw new IllegalArgumentException("graph " + name + ": node '" + node.name()
                            + "' reads '" + input + "', which is not defined before it");
                }
            }
            for (String param : node.params().values()) {
                if (!parameters.containsKey(param)) {
                    throw new IllegalArgumentException("graph " + name + ": node '" + node.name()
                            + "' uses parameter '" + param + "', which is not declared");
                }
            }
            if (!defined.add(node.name())) {
                throw new IllegalArgumentException("graph " + name + ": name '" + node.name() + "' is used twice");
            }
            byName.put(node.name(), node);
        }
        for (String out : outputs) {
            if (!defined.contains(out)) {
                throw new IllegalArgumentException("graph " + name + ": output '" + out + "' is not defined");
            }
        }
        return byName;
    }

    public String name() {
        return name;
    }

    public List<GraphInput> inputs() {
        return inputs;
    }

    /** The nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Parameter declarations by name, in declaration order. */
    public Map<String, ParameterSpec> parameters() {
        return parameters;
    }

    /** Composite modules (e.g. BasicBlock), in no particular order. */
    public List<ModuleScope> modules() {
        return modules;
    }

    /** The node called {@code nodeName}, or null. */
    public Node node(String nodeName) {
        return nodesByName.get(nodeName);
    }

    /** The nodes that read {@code tensorName}, in topological order. */
    public List<Node> consumers(String tensorName) {
        List<Node> result = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(tensorName)) {
                result.add(n);
            }
        }
        return result;
    }

    /** The total number of scalars in trainable parameters. */
    public long trainableParameterCount() {
        return parameters.values().stream().filter(ParameterSpec::trainable).mapToLong(ParameterSpec::size).sum();
    }
}
