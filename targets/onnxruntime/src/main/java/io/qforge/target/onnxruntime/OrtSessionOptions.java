package io.qforge.target.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The session options qforge opens every model with (the target's check and timing, the integer
 * check, and {@code bench/onnxruntime}), measured in docs/onnxruntime.md:
 *
 * <ul>
 *   <li>full graph optimisation: the QDQ fusions into QLinearConv and friends (extended level),
 *       then the layout ones (NHWC for int8, NCHWc for fp32), which the extended level alone
 *       lacks (int8 ran at 0.6x to 0.7x of full there);
 *   <li>intra-op threads as the target's {@code threads} option says;
 *   <li>no spinning of idle intra-op threads ({@code session.intra_op.allow_spinning} 0): with
 *       another busy process on the cores, spinning threads took the CPU from the workers and
 *       halved throughput in fp32 and int8 alike (its cost on a quiet machine is not measured).
 * </ul>
 *
 * Example: {@code env.createSession(bytes, OrtSessionOptions.tuned(2))}.
 */
public final class OrtSessionOptions {

    /** ONNX Runtime's session config key that lets idle intra-op threads spin. */
    static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    private OrtSessionOptions() {}

    /** Options for a session on {@code threads} intra-op threads; the caller closes them. */
    public static OrtSession.SessionOptions tuned(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(threads);
        options.addConfigEntry(ALLOW_SPINNING, "0");
        return options;
    }
}
