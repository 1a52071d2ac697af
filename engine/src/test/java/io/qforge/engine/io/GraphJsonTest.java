package io.qforge.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.engine.fixtures.FormulaWeights;
import io.qforge.engine.fixtures.PyTorchManager;
import io.qforge.engine.quant.BatchNormFolding;
import io.qforge.plugin.torchvision.ResNet18Backbone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A graph written as JSON reads back the same, attribute types included, so quantized/ can hand its folded graph to compile. */
class GraphJsonTest {

    @RegisterExtension
    final PyTorchManager arrays = new PyTorchManager();

    @Test
    void aFoldedResnetReadsBackNodeForNode() throws Exception {
        Graph resnet = new ResNet18Backbone().build(new BackboneSpec(5, 3, 32, 32));
        for (Graph g : new Graph[] {resnet, BatchNormFolding.apply(resnet, FormulaWeights.parameters(resnet, arrays.get())).graph()}) {
            String text = JsonFiles.MAPPER.writeValueAsString(GraphJson.write(g));
            Graph back = GraphJson.read(JsonFiles.MAPPER.readTree(text));
            assertEquals(g.name(), back.name());
            assertEquals(g.inputs(), back.inputs());
            assertEquals(g.outputs(), back.outputs());
            assertEquals(g.modules(), back.modules());
            assertEquals(g.parameters(), back.parameters());
            assertEquals(g.nodes().size(), back.nodes().size());
            for (int i = 0; i < g.nodes().size(); i++) {
                Node a = g.nodes().get(i);
                Node b = back.nodes().get(i);
                assertEquals(a, b, "node " + a.name());
                a.attributes().forEach((k, v) -> assertEquals(v instanceof List ? List.class : v.getClass(),
                        b.attributes().get(k) instanceof List ? List.class : b.attributes().get(k).getClass(), a.name() + "." + k + " keeps its type"));
            }
            assertEquals(text, JsonFiles.MAPPER.writeValueAsString(GraphJson.write(back)), "and writes the same text again");
        }
    }
}
