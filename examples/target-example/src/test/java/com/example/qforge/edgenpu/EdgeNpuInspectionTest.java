package com.example.qforge.edgenpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import io.qforge.api.target.TargetOptions;
import io.qforge.testkit.ContractModel;
import io.qforge.testkit.TestPluginContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where edge-npu runs each node, and how fast. */
class EdgeNpuInspectionTest {

    @TempDir
    Path tmp;

    private final EdgeNpuTarget target = new EdgeNpuTarget();

    private TargetOptions options() {
        return new TargetOptions(Map.of(), TestPluginContext.offline(tmp));
    }

    @Test
    void theContractModelRunsWhollyOnTheNpu() {
        InspectionReport report = target.inspect(ContractModel.graph(), options());
        assertTrue(report.placements().stream().allMatch(p -> p.device().equals("NPU") && p.reason().isEmpty()), report.placements().toString());
        assertEquals(1, report.subgraphs());
        assertEquals("1 subgraph (1 NPU, 0 CPU); 8 of 8 nodes and 100.0% of MACs on the NPU", report.summary());
    }

    @Test
    void opsWithoutAnNpuEngineFallBackToTheCpuAndSplitTheGraph() {
        Map<String, Object> conv = Map.of("kernel", List.of(3, 3), "stride", List.of(1, 1), "pad", List.of(1, 1, 1, 1), "group", 1);
        Graph graph = new Graph("unfolded", List.of(new GraphInput("input", new Shape(3, 8, 8))), List.of(
                new Node("conv1", Ops.CONV2D, List.of("input"), Map.of("weight", "conv1.weight"), conv),
                new Node("bn1", Ops.BATCH_NORM, List.of("conv1"), Map.of("weight", "bn1.weight", "bias", "bn1.bias",
                        "running_mean", "bn1.running_mean", "running_var", "bn1.running_var"), Map.of("epsilon", 1e-5f)),
                new Node("relu", Ops.RELU, List.of("bn1"), Map.of(), Map.of()),
                new Node("conv2", Ops.CONV2D, List.of("relu"), Map.of("weight", "conv2.weight"), conv),
                new Node("act", Ops.RELU6, List.of("conv2"), Map.of(), Map.of()),
                new Node("pool", Ops.GLOBAL_AVG_POOL, List.of("act"), Map.of(), Map.of())),
                List.of("pool"), List.of(
                        new ParameterSpec("conv1.weight", new Shape(4, 3, 3, 3), "kaiming_normal_fan_out", true),
                        new ParameterSpec("bn1.weight", new Shape(4), "ones", true),
                        new ParameterSpec("bn1.bias", new Shape(4), "zeros", true),
                        new ParameterSpec("bn1.running_mean", new Shape(4), "zeros", false),
                        new ParameterSpec("bn1.running_var", new Shape(4), "ones", false),
                        new ParameterSpec("conv2.weight", new Shape(4, 4, 3, 3), "kaiming_normal_fan_out", true)));
        InspectionReport report = target.inspect(graph, options());
        assertEquals(List.of("NPU", "CPU", "NPU", "NPU", "CPU", "NPU"), report.placements().stream().map(NodePlacement::device).toList());
        NodePlacement bn = report.placements().get(1);
        assertTrue(bn.fix().contains("batchnorm is folded into the conv before compiling"), bn.fix());
        NodePlacement relu6 = report.placements().get(4);
        assertTrue(relu6.reason().contains("relu6") && relu6.fix().contains("convert_relu6_to_relu"), relu6.toString());
        assertEquals(5, report.subgraphs(), "NPU | CPU | NPU NPU | CPU | NPU");
        assertEquals("5 subgraphs (3 NPU, 2 CPU); 4 of 6 nodes and 100.0% of MACs on the NPU; 1 batchnorm nodes (CPU here) fold into their "
                + "convs before compiling", report.summary());
    }

    @Test
    void theEstimateCountsConvAndLinearMacsAtOneTeraMacPerSecond() {
        PerformanceEstimate e = target.estimate(ContractModel.graph(), options());
        // conv1 8x8x8 outputs of 3x3x3 MACs, conv2 8x8x8 of 8x3x3, fc 4 of 8: 13,824 + 36,864 + 32.
        long macs = 13_824 + 36_864 + 32;
        double seconds = Math.ceil(macs / 1000.0) / 1e9;
        assertEquals(seconds * 1e3, e.latencyMillis(), 1e-15);
        assertEquals(1 / seconds, e.framesPerSecond(), 1e-3);
        assertTrue(e.basis().contains("50,720 MACs") && e.basis().contains("1 TMAC/s"), e.basis());
    }
}
