package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ShapeInference;
import io.qforge.api.target.PerformanceEstimate;
import java.util.Locale;
import java.util.Map;

/**
 * A per-layer model of one DPUCZDX8G core. A conv takes OH x ceil(OW / PP) x ceil(IC / ICP) x
 * ceil(OC / OCP) x KH x KW cycles (channels and pixels padded up to the parallelism); the
 * weights and the input and output feature maps (int8) cross DDR at {@link #DDR_EFFICIENCY} of
 * the board's bandwidth; a layer costs the larger of the two, plus a fixed overhead. A depthwise
 * conv runs on the ALU at PP / 2 pixels by ICP channels per cycle (PG338's recommended ALU
 * parallelism); pooling and eltwise layers at PP x ICP values per cycle. Frames per second are the
 * cores divided by the latency of one frame.
 *
 * <p>Calibration (see docs/dpu.md): the DDR efficiency is an assumption (half of the theoretical
 * bandwidth, typical of a shared DDR4 port); the per-layer overhead was then set once so that
 * TensorFlow's ResNet50 v1 at 224x224 on KV260 gives the model zoo's 96.63 fps. PyTorch's
 * ResNet50, a different model, is the check.
 */
public final class DpuPerformanceModel {

    static final double DDR_EFFICIENCY = 0.5;
    static final double LAYER_OVERHEAD_SECONDS = 7e-6;

    private DpuPerformanceModel() {}

    public static PerformanceEstimate estimate(Graph graph, DpuConfiguration c) {
        Map<String, Shape> shapes = ShapeInference.infer(graph, 1);
        DpuSize size = c.size();
        double clock = c.clockMhz() * 1e6;
        double bandwidth = c.ddrGigabytesPerSecond() * 1e9 * DDR_EFFICIENCY;
        double seconds = 0;
        for (Node node : graph.nodes()) {
            Shape in = shapes.get(node.inputs().get(0));
            Shape out = shapes.get(node.name());
            double cycles;
            double bytes = in.size() + out.size();
            switch (node.op()) {
                case Ops.CONV2D -> {
                    Shape w = graph.parameters().get(node.param("weight")).shape();
                    cycles = out.get(2) * ceil(out.get(3), size.pixelParallelism()) * ceil(w.get(1), size.inputChannelParallelism())
                            * ceil(w.get(0), size.outputChannelParallelism()) * w.get(2) * w.get(3);
                    bytes += w.size();
                }
                case Ops.DEPTHWISE_CONV2D -> {
                    // On the ALU, which PG338 sizes at PP / 2 pixels by ICP channels a cycle.
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
                    continue; // fused or layout-only: no layer of its own
                }
            }
            seconds += Math.max(cycles / clock, bytes / bandwidth) + LAYER_OVERHEAD_SECONDS;
        }
        double fps = c.cores() / seconds;
        return new PerformanceEstimate(c.preset() + " " + c.size(), fps, seconds * 1e3, String.format(Locale.ROOT,
                "per-layer model: %d x %s @ %d MHz, DDR %.1f GB/s at %.0f%%, %.0f us per layer", c.cores(), c.size(), c.clockMhz(),
                c.ddrGigabytesPerSecond(), 100 * DDR_EFFICIENCY, LAYER_OVERHEAD_SECONDS * 1e6));
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
