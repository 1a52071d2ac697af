package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.target.PerformanceEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A per-layer model of the DPUCZDX8G cores of a board, with the CPU work of each frame, as the
 * Vitis AI model zoo measures end to end.
 *
 * <p>A conv takes OH x ceil(OW / PP) x ceil(IC / ICP) x ceil(OC / OCP) x KH x KW cycles, or,
 * with fewer input channels than ICP, ceil(IC x KW / ICP) x KH for the last three (channel
 * augmentation, as for a 3-channel first layer); a
 * depthwise conv runs on the ALU at PP / 2 pixels by ICP channels a cycle (PG338's ALU
 * parallelism); pooling and eltwise layers at PP x ICP values a cycle. Weights and int8 feature
 * maps cross DDR: one core alone reaches {@link DpuTiming#coreDdrShare()} of the board's
 * bandwidth (its AXI ports limit it); k busy cores share {@link DpuTiming#boardDdrShare()} of it,
 * each getting the smaller of its own limit and 1/k of that. A layer costs the larger of its compute and its
 * memory time, plus a fixed overhead. Each frame also costs the ARM cores
 * {@link DpuTiming#frameCpuSeconds()} (pre- and post-processing, scaled with the input's pixels
 * from 224x224), which a single thread pays in series and several threads overlap with the DPU.
 *
 * <p>Single thread: latency = one core's DPU time (whole bandwidth) + the CPU work. Many threads:
 * throughput = min(cores / one core's DPU time with the bandwidth shared, ARM cores / CPU work).
 * The constants are fitted on part of the Vitis AI 3.0 model zoo and checked on networks the fit
 * never saw (docs/dpu.md, DpuPerformanceFitTest).
 */
public final class DpuPerformanceModel {

    /** The constants, fitted by DpuPerformanceFitTest on the training networks of docs/dpu.md. */
    static final DpuTiming FITTED = new DpuTiming(0.37, 0.59, 2.0e-6, 0.37e-3);
    /** The quad Cortex-A53 of every Zynq UltraScale+ board here. */
    static final int ARM_CORES = 4;
    private static final double REFERENCE_PIXELS = 224.0 * 224.0;

    private DpuPerformanceModel() {}

    /** The constants the model charges. */
    record DpuTiming(double coreDdrShare, double boardDdrShare, double layerOverheadSeconds, double frameCpuSeconds) {}

    /** One layer's compute cycles and DDR bytes. */
    record LayerCost(double cycles, double bytes) {}

    public static PerformanceEstimate estimate(Graph graph, DpuConfiguration c) {
        return estimate(graph, c, FITTED);
    }

    static PerformanceEstimate estimate(Graph graph, DpuConfiguration c, DpuTiming t) {
        Shape input = graph.inputs().get(0).sampleShape();
        return estimate(layers(graph, c.size()), input.get(1) * input.get(2), c, t);
    }

    /** The estimate from a network's layer costs and its input's pixels. */
    static PerformanceEstimate estimate(List<LayerCost> layers, double inputPixels, DpuConfiguration c, DpuTiming t) {
        double cpu = t.frameCpuSeconds() * inputPixels / REFERENCE_PIXELS;
        double alone = dpuSeconds(layers, c, t, 1);
        double shared = dpuSeconds(layers, c, t, c.cores());
        double latency = alone + cpu;
        double fps = cpu == 0 ? c.cores() / shared : Math.min(c.cores() / shared, ARM_CORES / cpu);
        return new PerformanceEstimate(c.preset() + " " + c.size(), fps, latency * 1e3, String.format(Locale.ROOT,
                "per-layer model: %d x %s @ %d MHz, DDR %.1f GB/s (%.0f%% for one core, %.0f%% for all), %.1f us per layer, %.2f ms of CPU a frame",
                c.cores(), c.size(), c.clockMhz(), c.ddrGigabytesPerSecond(), 100 * t.coreDdrShare(), 100 * t.boardDdrShare(),
                t.layerOverheadSeconds() * 1e6, cpu * 1e3));
    }

    /** One core's time for a frame while {@code busyCores} share the DDR. */
    static double dpuSeconds(List<LayerCost> layers, DpuConfiguration c, DpuTiming t, int busyCores) {
        double clock = c.clockMhz() * 1e6;
        double bandwidth = c.ddrGigabytesPerSecond() * 1e9 * Math.min(t.coreDdrShare(), t.boardDdrShare() / busyCores);
        double seconds = 0;
        for (LayerCost l : layers) {
            seconds += Math.max(l.cycles() / clock, l.bytes() / bandwidth) + t.layerOverheadSeconds();
        }
        return seconds;
    }

    /** The layers the DPU runs as layers of their own, with their cycles and bytes; fused and layout-only ops cost nothing. */
    static List<LayerCost> layers(Graph graph, DpuSize size) {
        Map<String, Shape> shapes = ShapeInference.infer(graph, 1);
        List<LayerCost> layers = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Shape in = shapes.get(node.inputs().get(0));
            Shape out = shapes.get(node.name());
            double bytes = in.size() + out.size();
            double cycles;
            switch (node.op()) {
                case Ops.CONV2D -> {
                    Shape w = graph.parameters().get(node.param("weight")).shape();
                    long icp = size.inputChannelParallelism();
                    // Channel augmentation (PG338): a conv with fewer input channels than ICP packs the
                    // kernel's columns into the idle channel lanes, as for a 3-channel first layer.
                    double inputSteps = w.get(1) < icp ? ceil(w.get(1) * w.get(3), icp) * w.get(2) : ceil(w.get(1), icp) * w.get(2) * w.get(3);
                    cycles = out.get(2) * ceil(out.get(3), size.pixelParallelism()) * inputSteps * ceil(w.get(0), size.outputChannelParallelism());
                    bytes += w.size();
                }
                case Ops.DEPTHWISE_CONV2D -> {
                    Shape w = graph.parameters().get(node.param("weight")).shape();
                    cycles = out.get(2) * ceil(out.get(3), size.pixelParallelism() / 2) * ceil(w.get(0), size.inputChannelParallelism())
                            * w.get(2) * w.get(3);
                    bytes += w.size();
                }
                case Ops.LINEAR -> {
                    Shape w = graph.parameters().get(node.param("weight")).shape();
                    cycles = ceil(w.get(1), size.inputChannelParallelism()) * ceil(w.get(0), size.outputChannelParallelism());
                    bytes += w.size();
                }
                case Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL, Ops.ADD ->
                        cycles = (double) in.size() * node.inputs().size() / (size.pixelParallelism() * size.inputChannelParallelism());
                default -> {
                    continue;
                }
            }
            layers.add(new LayerCost(cycles, bytes));
        }
        return layers;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
