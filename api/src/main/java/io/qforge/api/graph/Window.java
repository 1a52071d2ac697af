package io.qforge.api.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sliding window of a convolution or a pooling layer, in PyTorch's (height, width) order:
 * kernel, stride, padding (top, bottom, left, right), dilation and ceil mode. {@link
 * #convAttributes()} and {@link #poolAttributes()} write it as the IR's XIR-ordered attributes
 * ({@code kernel} [w, h], {@code pad} [left, right, top, bottom], ...).
 *
 * <p>Example: {@code Window.square(3).stride(2).pad(1)} is PyTorch's {@code kernel_size=3,
 * stride=2, padding=1}.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
        int dilationH, int dilationW, boolean ceilMode) {

    public Window {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("kernel, stride and dilation must be at least 1: kernel " + kernelH + "x" + kernelW
                    + ", stride " + strideH + "x" + strideW + ", dilation " + dilationH + "x" + dilationW);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("padding must not be negative: " + List.of(padTop, padBottom, padLeft, padRight));
        }
    }

    /** A k x k kernel, stride 1, no padding. */
    public static Window square(int kernel) {
        return of(kernel, kernel);
    }

    /** A kh x kw kernel, stride 1, no padding. */
    public static Window of(int kernelH, int kernelW) {
        return new Window(kernelH, kernelW, 1, 1, 0, 0, 0, 0, 1, 1, false);
    }

    public Window stride(int s) {
        return stride(s, s);
    }

    public Window stride(int h, int w) {
        return new Window(kernelH, kernelW, h, w, padTop, padBottom, padLeft, padRight, dilationH, dilationW, ceilMode);
    }

    /** The same padding on every side. */
    public Window pad(int p) {
        return pad(p, p, p, p);
    }

    public Window pad(int top, int bottom, int left, int right) {
        return new Window(kernelH, kernelW, strideH, strideW, top, bottom, left, right, dilationH, dilationW, ceilMode);
    }

    public Window dilation(int h, int w) {
        return new Window(kernelH, kernelW, strideH, strideW, padTop, padBottom, padLeft, padRight, h, w, ceilMode);
    }

    /** Output sizes rounded up, as PyTorch's {@code ceil_mode=True} pools. */
    public Window ceil() {
        return new Window(kernelH, kernelW, strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, true);
    }

    /** A convolution's IR attributes: {@code kernel}, {@code stride}, {@code dilation}, {@code pad}. */
    public Map<String, Object> convAttributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel", List.of(kernelW, kernelH));
        attrs.put("stride", List.of(strideW, strideH));
        attrs.put("dilation", List.of(dilationW, dilationH));
        attrs.put("pad", List.of(padLeft, padRight, padTop, padBottom));
        return attrs;
    }

    /** A pooling layer's IR attributes: {@code kernel}, {@code stride}, {@code pad}, {@code ceil_mode}. */
    public Map<String, Object> poolAttributes() {
        if (dilationH != 1 || dilationW != 1) {
            throw new IllegalArgumentException("pooling windows are not dilated; dilation " + dilationH + "x" + dilationW);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel", List.of(kernelW, kernelH));
        attrs.put("stride", List.of(strideW, strideH));
        attrs.put("pad", List.of(padLeft, padRight, padTop, padBottom));
        attrs.put("ceil_mode", ceilMode);
        return attrs;
    }
}
