package io.qforge.engine.quant;

import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;

/** A graph and its parameter values, after a graph pass. */
public record FoldedModel(Graph graph, Parameters parameters) {}
