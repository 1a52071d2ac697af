package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphBuilder;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Window;
import io.qforge.api.rules.AdjustedGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DPU's rewrite into its arithmetic: a leaky ReLU of 0.1 takes 26/256, the average pools it
 * runs take the scale of its reciprocals (REFERENCE.md §5: 3x3 7/64, 5x5 10/256), a pool it
 * leaves to the CPU keeps the exact average, and a second pass changes nothing.
 */
class DpuArithmeticTest {

    @Test
    void leakyReluAndAveragePoolsTakeTheDpusArithmetic() {
        GraphBuilder b = new GraphBuilder();
        String x = b.leakyRelu("leaky", b.conv("conv", "input", 3, 8, 3, 1, 1), 0.1f);
        x = b.avgPool("avg3", x, Window.square(3).pad(1), true);
        String cpu = b.avgPool("avg_valid", x, Window.square(3).pad(1), false);
        x = b.sum("add", x, cpu);
        x = b.globalAvgPool("gap", x);
        Graph graph = b.build("net", new GraphInput("input", new Shape(3, 5, 5)), b.linear("fc", b.flatten("flatten", x), 8, 2));

        AdjustedGraph adjusted = new DpuArithmetic().apply(graph);
        assertEquals(List.of("leaky: leaky relu alpha 0.1 -> 26/256 = 0.1015625 (the DPU's slope)",
                "avg3: output_scale 0.984375 (3x3 window: the DPU multiplies the sum by 7/64)",
                "gap: output_scale 0.9765625 (5x5 window: the DPU multiplies the sum by 10/256)"), adjusted.changes());
        assertEquals(26f / 256f, adjusted.graph().node("leaky").floatAttr("alpha", 0f));
        assertEquals(1f, adjusted.graph().node("avg_valid").floatAttr("output_scale", 1f), "the CPU divides exactly");
        assertEquals(0.1f, graph.node("leaky").floatAttr("alpha", 0f), "the float graph is untouched");
        assertEquals(List.of(), new DpuArithmetic().apply(adjusted.graph()).changes(), "idempotent");
    }

    @Test
    void theReciprocalSearchMatchesTheFixedPairsWhereItCan() {
        assertEquals(new DpuAverage(21, 10), DpuAverage.of(7, 7));
        assertEquals(new DpuAverage(1, 4), DpuAverage.of(4, 4), "a power of two is exact");
        assertEquals(new DpuAverage(1, 0), DpuAverage.of(1, 1));
        // 2x3: the first shift whose round(2^s / 6) comes strictly closest to 1/6.
        DpuAverage six = DpuAverage.of(2, 3);
        double best = Math.abs((double) six.factor() / (1 << six.shift()) - 1.0 / 6);
        for (int s = 0; s < six.shift(); s++) {
            assertEquals(true, Math.abs(Math.rint(Math.pow(2, s) / 6) / Math.pow(2, s) - 1.0 / 6) > best, "shift " + s);
        }
    }
}
