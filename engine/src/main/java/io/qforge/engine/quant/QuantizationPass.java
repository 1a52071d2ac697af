package io.qforge.engine.quant;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One named step of post-training quantization over the shared {@link QuantizationState}: it
 * changes the state and says what it changed, one line per change.
 *
 * @param name e.g. {@code cross-layer-equalization}
 * @param owner {@code qforge}, or the target that supplies the pass
 * @param enabled whether the pass runs for this state (e.g. only when the config asks for it)
 * @param body the pass; returns its changes
 */
public record QuantizationPass(String name, String owner, Predicate<QuantizationState> enabled,
        Function<QuantizationState, List<String>> body) {

    /** An engine pass that always runs. */
    public static QuantizationPass of(String name, Function<QuantizationState, List<String>> body) {
        return new QuantizationPass(name, PassRecord.QFORGE, s -> true, body);
    }

    /** An engine pass that runs when {@code enabled} says so. */
    public static QuantizationPass when(String name, Predicate<QuantizationState> enabled, Function<QuantizationState, List<String>> body) {
        return new QuantizationPass(name, PassRecord.QFORGE, enabled, body);
    }
}
