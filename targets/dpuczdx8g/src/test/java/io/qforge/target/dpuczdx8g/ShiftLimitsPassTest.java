package io.qforge.target.dpuczdx8g;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.Preprocessing;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.GraphInput;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.graph.ParameterSpec;
import io.qforge.api.graph.Parameters;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.target.QuantizedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DPU's params pass keeps every conv-like layer's shifts within {@link ShiftLimits}, moving the fewest fix positions. */
class ShiftLimitsPassTest {

    /** input -> conv c (weight, bias) -> flatten -> linear fc. */
    private static Graph graph() {
        Map<String, Object> conv = Map.of("kernel", List.of(1, 1), "stride", List.of(1, 1), "pad", List.of(0, 0, 0, 0));
        return new Graph("g", List.of(new GraphInput("input", new Shape(2, 1, 1))),
                List.of(new Node("c", Ops.CONV2D, List.of("input"), Map.of("weight", "c.weight", "bias", "c.bias"), conv),
                        new Node("flat", Ops.FLATTEN, List.of("c"), Map.of(), Map.of("start_axis", 1, "end_axis", -1)),
                        new Node("fc", Ops.LINEAR, List.of("flat"), Map.of("weight", "fc.weight", "bias", "fc.bias"), Map.of())),
                List.of("fc"),
                List.of(new ParameterSpec("c.weight", new Shape(2, 2, 1, 1), "zeros", true), new ParameterSpec("c.bias", new Shape(2), "zeros", true),
                        new ParameterSpec("fc.weight", new Shape(3, 2), "zeros", true), new ParameterSpec("fc.bias", new Shape(3), "zeros", true)));
    }

    private static AdjustedParams apply(Map<String, QuantParams> params, boolean strict) {
        Graph g = graph();
        Map<String, ResolvedSpec> specs = new LinkedHashMap<>();
        params.keySet().forEach(t -> specs.put(t, SmallNetFixture.spec(t.endsWith(".weight") ? TensorKind.WEIGHTS
                : t.endsWith(".bias") ? TensorKind.BIAS : TensorKind.ACTIVATION)));
        Parameters values = new Parameters(Map.of());
        QuantizedModel model = new QuantizedModel(g, values, values, specs, params, List.of("a", "b", "c"),
                new Preprocessing(1, 1, List.of(0f, 0f), List.of(1f, 1f)));
        return new ShiftLimitsPass(strict).apply(model);
    }

    private static QuantParams fp(int f) {
        return QuantParams.fixPosition(f, -128, 127);
    }

    @Test
    void outOfRangeShiftsMoveTheWeightsThenTheBias() {
        Map<String, QuantParams> p = new LinkedHashMap<>();
        p.put("input", fp(5));
        p.put("c.weight", fp(12));
        p.put("c.bias", fp(30));
        p.put("c", fp(0)); // shift_cut = 12 + 5 - 0 = 17 > 16
        p.put("fc.weight", fp(6));
        p.put("fc.bias", fp(8));
        p.put("fc", fp(4));
        AdjustedParams r = apply(p, false);
        assertEquals(11, r.params().get("c.weight").fixPosition(0).orElseThrow(), "fp_w moved so that shift_cut = 16");
        assertEquals(0, r.params().get("c").fixPosition(0).orElseThrow(), "the output keeps its range");
        // shift_bias = 11 + 5 - 30 = -14, below min(0, -(24 - (8 + 16))) = 0: fp_bias moves to 16.
        assertEquals(16, r.params().get("c.bias").fixPosition(0).orElseThrow());
        // fc reads c through flatten: shift_cut = 6 + 0 - 4 = 2, shift_bias = 6 - 8 = -2 >= min(0, -(24 - 10)): unchanged.
        assertEquals(4, r.params().get("fc").fixPosition(0).orElseThrow());
        assertEquals(8, r.params().get("fc.bias").fixPosition(0).orElseThrow());
        assertEquals(List.of("c: fp_w of c.weight 12 -> 11 (shift_cut 17 above 16)",
                "c: fp_bias of c.bias 30 -> 16 (shift_bias -14 outside [0, 16])"), r.changes());
        assertEquals(List.of(), apply(r.params(), false).changes(), "the pass is idempotent");
    }

    @Test
    void negativeShiftCutLowersOnlyTheOutput() {
        Map<String, QuantParams> p = new LinkedHashMap<>(Map.of("input", fp(2), "c.weight", fp(3), "c.bias", fp(5), "c", fp(9),
                "fc.weight", fp(6), "fc.bias", fp(6), "fc", fp(6)));
        AdjustedParams r = apply(p, false);
        assertEquals(5, r.params().get("c").fixPosition(0).orElseThrow(), "shift_cut -4 raised to 0 by a lower fp_out");
        for (String line : r.changes()) {
            assertTrue(line.startsWith("c: fp_out") || line.startsWith("fc:"), line);
        }
    }

    @Test
    void aStrictTargetRefusesToMoveFixPositions() {
        Map<String, QuantParams> p = new LinkedHashMap<>(Map.of("input", fp(2), "c.weight", fp(3), "c.bias", fp(5), "c", fp(9),
                "fc.weight", fp(6), "fc.bias", fp(6), "fc", fp(6)));
        String e = assertThrows(InvalidInputException.class, () -> apply(p, true)).getMessage();
        assertTrue(e.startsWith("$.target.strict: target dpuczdx8g is strict") && e.contains("c: fp_out of c 9 -> 5"), e);
    }
}
