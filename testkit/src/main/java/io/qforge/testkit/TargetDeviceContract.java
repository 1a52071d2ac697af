package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.Backbone;
import io.qforge.api.TargetDevice;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.graph.Graph;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.TargetOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link TargetDevice}, as far as it can be checked without a quantized model:
 * the inspection places every node once, in graph order, and gives a reason and a fix for every
 * node it sends off the accelerator; the speed estimate is a positive, finite number on the
 * default options and on every preset; the constraints exist. Compilation needs calibrated quant
 * params and is left to the target's own end-to-end tests. The graph is the built-in
 * {@code resnet18} at 32x32 unless {@link #graph()} is overridden.
 */
public abstract class TargetDeviceContract {

    protected abstract TargetDevice target();

    /** The target's options for the checks, as the config's {@code target} object gives them without {@code type}. */
    protected Map<String, Object> options() {
        return Map.of();
    }

    protected Graph graph() {
        return Plugins.find(Backbone.class, "resnet18").build(new BackboneSpec(10, 3, 32, 32));
    }

    @Test
    void nameIsAConfigWord() {
        PluginNames.check(target());
    }

    @Test
    void inspectionPlacesEveryNodeOnceAndExplainsEachOffload() {
        Graph graph = graph();
        InspectionReport report = target().inspect(graph, new TargetOptions(options()));
        assertEquals(graph.nodes().size(), report.placements().size(), "one placement per node");
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodePlacement p = report.placements().get(i);
            assertEquals(graph.nodes().get(i).name(), p.nodeName(), "placements follow graph order");
            assertFalse(p.device() == null || p.device().isEmpty(), p.nodeName() + " names its device");
            if (!p.reason().isEmpty()) {
                assertFalse(p.fix().isEmpty(), p.nodeName() + " leaves the accelerator (" + p.reason() + ") and needs a fix to suggest");
            }
        }
        assertTrue(report.subgraphs() >= 1, "at least one subgraph");
        assertFalse(report.summary().isBlank(), "a summary line");
    }

    @Test
    void estimateIsPositiveOnTheDefaultsAndOnEveryPreset() {
        Graph graph = graph();
        check(target().estimate(graph, new TargetOptions(options())));
        for (String preset : target().presets()) {
            Map<String, Object> withPreset = new HashMap<>(options());
            withPreset.put("preset", preset);
            check(target().estimate(graph, new TargetOptions(withPreset)));
        }
    }

    private static void check(PerformanceEstimate e) {
        assertTrue(e.framesPerSecond() > 0 && Double.isFinite(e.framesPerSecond()), e.configuration() + ": frames per second " + e.framesPerSecond());
        assertTrue(e.latencyMillis() > 0 && Double.isFinite(e.latencyMillis()), e.configuration() + ": latency " + e.latencyMillis());
        assertFalse(e.basis().isBlank(), e.configuration() + ": say how the estimate was made");
    }

    @Test
    void constraintsExist() {
        assertNotNull(target().constraints(new TargetOptions(options())));
    }
}
