package io.qforge.engine.tune;

/**
 * What one trial gave.
 *
 * @param trial the settings tried
 * @param key the content hash of the trial's config, checkpoint and scoring, which names its folder
 * @param outcome {@link #RAN}, {@link #CACHED} (an earlier search ran it), or {@link #REFUSED}
 *     (the target's rules or the config schema do not accept the settings)
 * @param message why it was refused; empty otherwise
 * @param floatTop1 the float model's top-1 on the scoring images
 * @param top1 the quantized model's (simulated) top-1 on the scoring images
 * @param testFloatTop1 the float model's top-1 on the whole test split
 * @param testTop1 the quantized model's top-1 on the whole test split
 * @param framesPerSecond the target's estimate of the trial's model, NaN without a target
 * @param seconds how long quantizing and scoring took when it ran
 */
public record TrialResult(Trial trial, String key, String outcome, String message, double floatTop1, double top1, double testFloatTop1,
        double testTop1, double framesPerSecond, double seconds) {

    public static final String RAN = "ran";
    public static final String CACHED = "cached";
    public static final String REFUSED = "refused";

    /** Whether the trial was quantized and scored (now or before). */
    public boolean scored() {
        return !outcome.equals(REFUSED);
    }

    /** Why the trial was refused, on one line (a config's problems come one per line). */
    public String messageOnOneLine() {
        return message.replaceAll("\\s*\\n\\s*", " ");
    }

    /** The same result as read back from an earlier search. */
    TrialResult cached() {
        return new TrialResult(trial, key, CACHED, message, floatTop1, top1, testFloatTop1, testTop1, framesPerSecond, seconds);
    }
}
