package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.ModuleScope;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ConvolutionBatchNorm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds each batch norm into the convolution (plain or depthwise) before it, as inference allows
 * ({@link ConvolutionBatchNorm} has the arithmetic, which the executor's inference weights share). The
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
            Node conv = ConvolutionBatchNorm.foldableConvolution(graph, bn);
            if (conv == null) {
                continue;
            }
            NDArray newWeight = ConvolutionBatchNorm.weight(conv, bn, parameters::get);
            NDArray newBias = ConvolutionBatchNorm.bias(conv, bn, parameters::get);
            long out = newWeight.getShape().get(0);
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
