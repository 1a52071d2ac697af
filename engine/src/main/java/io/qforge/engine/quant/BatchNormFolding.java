package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ModuleScope;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds each batch norm into the convolution (plain or depthwise) before it, as inference allows:
 * with s = gamma / sqrt(var + eps) per output channel, W' = W s and b' = (b - mean) s + beta. The
 * batch norm node disappears and its readers read the convolution. A batch norm whose input is not
 * a convolution read by it alone is left as it is.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    public static FoldedModel apply(Graph graph, Parameters parameters) {
        Map<String, String> renamed = new HashMap<>();
        Map<String, NDArray> values = new LinkedHashMap<>(parameters.asMap());
        Map<String, ParameterSpec> specs = new LinkedHashMap<>(graph.parameters());
        Map<String, Node> folded = new HashMap<>();
        for (Node bn : graph.nodes()) {
            if (!bn.op().equals(Ops.BATCH_NORM)) {
                continue;
            }
            Node conv = graph.node(bn.inputs().get(0));
            if (conv == null || !(conv.op().equals(Ops.CONV2D) || conv.op().equals(Ops.DEPTHWISE_CONV2D)) || graph.consumers(conv.name()).size() != 1) {
                continue;
            }
            NDArray gamma = parameters.get(bn.param("weight"));
            NDArray scale = gamma.div(parameters.get(bn.param("running_var")).add(bn.floatAttr("epsilon", 1e-5f)).sqrt());
            NDArray weight = parameters.get(conv.param("weight"));
            long out = weight.getShape().get(0);
            NDArray newWeight = weight.mul(scale.reshape(out, 1, 1, 1));
            NDArray oldBias = conv.param("bias") == null ? scale.zerosLike() : parameters.get(conv.param("bias"));
            NDArray newBias = oldBias.sub(parameters.get(bn.param("running_mean"))).mul(scale).add(parameters.get(bn.param("bias")));
            String biasName = conv.param("bias") != null ? conv.param("bias") : conv.name() + ".bias";
            values.put(conv.param("weight"), newWeight);
            values.put(biasName, newBias);
            specs.put(biasName, new ParameterSpec(biasName, new Shape(out), "zeros", true));
            for (String role : List.of("weight", "bias", "running_mean", "running_var")) {
                values.remove(bn.param(role));
                specs.remove(bn.param(role));
            }
            Map<String, String> params = new LinkedHashMap<>(conv.params());
            params.put("bias", biasName);
            folded.put(conv.name(), new Node(conv.name(), conv.op(), conv.inputs(), params, conv.attributes()));
            renamed.put(bn.name(), conv.name());
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (renamed.containsKey(n.name())) {
                continue;
            }
            Node base = folded.getOrDefault(n.name(), n);
            List<String> inputs = base.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList();
            nodes.add(new Node(base.name(), base.op(), inputs, base.params(), base.attributes()));
        }
        List<String> outputs = graph.outputs().stream().map(o -> renamed.getOrDefault(o, o)).toList();
        List<ModuleScope> modules = graph.modules().stream()
                .map(m -> new ModuleScope(m.name(), m.type(), renamed.getOrDefault(m.outputNode(), m.outputNode()))).toList();
        return new FoldedModel(new Graph(graph.name(), graph.inputs(), nodes, outputs, new ArrayList<>(specs.values()), modules),
                new Parameters(values));
    }
}
