package io.qforge.api.rules;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import java.util.List;
import java.util.Optional;

/**
 * The quantization a target runs, owned by the target: its defaults, its rules on a config, its
 * adjustment of every resolved tensor spec, and its passes over the calibrated params. The engine
 * asks; it knows no target's rules itself.
 *
 * <p>Where each is used:
 *
 * <ul>
 *   <li>{@link #defaults} fill every setting a quantization config leaves out;
 *   <li>{@link #check} runs when a config is loaded ({@code qforge validate} too), and each problem
 *       stops the run with its JSON path;
 *   <li>{@link #adjust} runs on every tensor of the quant plan; changes are listed in the report,
 *       or refused one by one when the target's options say {@code strict};
 *   <li>{@link #graphAdjustments} run once on the run target's graph, before calibration;
 *   <li>{@link #paramAdjustments} run after calibration and again after bias correction.
 * </ul>
 *
 * <p>Example: the DPUCZDX8G's defaults are Vitis AI's (diffs, power of two, per tensor; std_round
 * but half_up for activations), its config rules refuse {@code per_channel: true}, its adjustment
 * keeps a round mode whose XIR name is DPU_ROUND for activations, and its one params pass moves
 * fix positions until the shifters' limits hold.
 */
public interface QuantizationRules {

    /**
     * The settings of a {@code kind} tensor that the config does not set, with installed plugins'
     * names; empty when the target has no defaults of its own, and a config's {@code target_device}
     * then decides them.
     */
    Optional<QuantSpec> defaults(TensorKind kind);

    /** Checks one scope of a config's resolved settings, reporting every broken rule to {@code report}. */
    default void check(ConfigSettings settings, RuleReport report) {}

    /** The spec the target uses for a tensor asked to be quantized as {@code requested}. */
    default SpecAdjustment adjust(ResolvedSpec requested) {
        return SpecAdjustment.unchanged(requested);
    }

    /** The target's own passes over calibrated params, in the order they run. */
    default List<ParamsAdjustment> paramAdjustments() {
        return List.of();
    }

    /** The target's rewrites of the graph into its hardware's arithmetic, in the order they run. */
    default List<GraphAdjustment> graphAdjustments() {
        return List.of();
    }
}
