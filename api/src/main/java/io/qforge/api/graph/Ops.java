package io.qforge.api.graph;

/**
 * The op names of the IR. They follow XIR's spelling where XIR has the op, so that xmodel export
 * is a mapping rather than a translation.
 *
 * <p>Attributes follow XIR too, including its (width, height) order for pairs:
 *
 * <ul>
 *   <li>{@code conv2d}: {@code kernel} [kw, kh], {@code stride} [sw, sh], {@code dilation} [dw,
 *       dh], {@code pad} [left, right, top, bottom], {@code group}; parameters {@code weight}
 *       (OIHW, as PyTorch: [out, in / group, kh, kw]) and optionally {@code bias}.
 *   <li>{@code depthwise-conv2d}: a conv2d whose {@code group} equals its input channels C, so
 *       that output channel o reads input channel o / (out / C) alone; the same attributes and
 *       parameters, the weight [C x multiplier, 1, kh, kw]. MobileNet's 3x3 layers.
 *   <li>{@code batchnorm}: {@code epsilon}, {@code momentum}; parameters {@code weight}, {@code
 *       bias}, {@code running_mean}, {@code running_var}.
 *   <li>{@code maxpool2d}, {@code avgpool2d}: {@code kernel}, {@code stride}, {@code pad} as for
 *       conv2d, and {@code ceil_mode}; avgpool2d also {@code count_include_pad} (true when
 *       absent, PyTorch's default).
 *   <li>{@code avgpool2d}, {@code global-avgpool2d}: optionally {@code output_scale} (1 when
 *       absent), a factor on the average: a target whose hardware multiplies a window's sum by a
 *       fixed-point reciprocal instead of dividing by its size sets it ({@link
 *       io.qforge.api.rules.GraphAdjustment}), so that the executor computes what the hardware
 *       does. The DPU's 7x7 average is 1.0048828125 times the exact one.
 *   <li>{@code concat}: {@code axis} 1, the channels of its inputs in input order.
 *   <li>{@code flatten}: {@code start_axis}, {@code end_axis} (end -1 is the last axis).
 *   <li>{@code linear}: parameters {@code weight} [out, in] and {@code bias}.
 *   <li>{@code leaky-relu}: {@code alpha}.
 * </ul>
 *
 * <p>{@link GraphBuilder} writes these attributes from PyTorch-style arguments.
 */
public final class Ops {

    public static final String CONV2D = "conv2d";
    public static final String DEPTHWISE_CONV2D = "depthwise-conv2d";
    public static final String BATCH_NORM = "batchnorm";
    public static final String RELU = "relu";
    public static final String RELU6 = "relu6";
    public static final String LEAKY_RELU = "leaky-relu";
    public static final String MAX_POOL2D = "maxpool2d";
    public static final String AVG_POOL2D = "avgpool2d";
    /** Average over all of H and W; XIR writes it as avgpool2d with {@code global = true}. */
    public static final String GLOBAL_AVG_POOL = "global-avgpool2d";
    public static final String ADD = "add";
    public static final String CONCAT = "concat";
    public static final String FLATTEN = "flatten";
    /** y = x W^T + b, PyTorch's nn.Linear; XIR has no single op for it (matmul plus add). */
    public static final String LINEAR = "linear";
    public static final String IDENTITY = "identity";

    private Ops() {}
}
