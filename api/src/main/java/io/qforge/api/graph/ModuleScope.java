package io.qforge.api.graph;

import java.util.Objects;

/**
 * A composite module of the source framework, such as torchvision's {@code BasicBlock}, that has
 * no op of its own. Summaries list it as a row after the node that produces its output, as
 * torchsummary does.
 *
 * @param name e.g. {@code layer1.0}
 * @param type e.g. {@code BasicBlock}
 * @param outputNode the node whose output is the module's output
 */
public record ModuleScope(String name, String type, String outputNode) {

    public ModuleScope {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outputNode, "outputNode");
    }
}
