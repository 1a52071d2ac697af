package io.qforge.target.dpuczdx8g;

import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import java.util.List;

/**
 * The DPU's ops on one image's integers (C, H, W), in Java int and long: no floating point. Pairs
 * of attributes are XIR's (width, height); pad is [left, right, top, bottom].
 */
final class IntegerOps {

    private IntegerOps() {}

    /**
     * A conv's weights (OIHW, as the IR holds them) reordered to [kh][kw][in / groups][out], so
     * that the innermost loop of {@link #conv} runs over contiguous output channels.
     */
    static int[] convWeights(int[] oihw, Shape weightShape) {
        int oc = (int) weightShape.get(0);
        int icg = (int) weightShape.get(1);
        int kh = (int) weightShape.get(2);
        int kw = (int) weightShape.get(3);
        int[] out = new int[oihw.length];
        for (int o = 0; o < oc; o++) {
            for (int i = 0; i < icg; i++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        out[((a * kw + b) * icg + i) * oc + o] = oihw[((o * icg + i) * kh + a) * kw + b];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Sums of int8 x int8 products, one int per output (exact below 2^31, which the caller has
     * checked), (C, H, W) in and out. The loops run over (H, W, C) copies with the output channels
     * innermost, where the JIT vectorises them; zero inputs (after a ReLU, most) are skipped.
     */
    static int[] conv(int[] xChw, long[] in, int[] weights, Shape weightShape, Node node, long[] out) {
        int channels = (int) in[0];
        int h = (int) in[1];
        int w = (int) in[2];
        int oc = (int) out[0];
        int oh = (int) out[1];
        int ow = (int) out[2];
        int icg = (int) weightShape.get(1);
        int kh = (int) weightShape.get(2);
        int kw = (int) weightShape.get(3);
        List<Integer> s = node.intsAttr("stride", List.of(1, 1));
        List<Integer> d = node.intsAttr("dilation", List.of(1, 1));
        List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
        boolean depthwise = node.op().equals(Ops.DEPTHWISE_CONV2D);
        int groups = depthwise ? channels : node.intAttr("group", 1);
        int perGroup = oc / groups;
        int[] x = channelsLast(xChw, channels, h, w);
        int[] acc = new int[oh * ow * oc];
        for (int p = 0; p < oh; p++) {
            for (int q = 0; q < ow; q++) {
                int base = (p * ow + q) * oc;
                for (int a = 0; a < kh; a++) {
                    int r = p * s.get(1) - pad.get(2) + a * d.get(1);
                    if (r < 0 || r >= h) {
                        continue;
                    }
                    for (int b = 0; b < kw; b++) {
                        int col = q * s.get(0) - pad.get(0) + b * d.get(0);
                        if (col < 0 || col >= w) {
                            continue;
                        }
                        int xBase = (r * w + col) * channels;
                        int wBase = (a * kw + b) * icg * oc;
                        if (depthwise) {
                            // icg is 1: output channel o reads input channel o / perGroup.
                            for (int o = 0; o < oc; o++) {
                                acc[base + o] += x[xBase + o / perGroup] * weights[wBase + o];
                            }
                            continue;
                        }
                        for (int g = 0; g < groups; g++) {
                            int from = g * perGroup;
                            for (int i = 0; i < icg; i++) {
                                int xv = x[xBase + g * icg + i];
                                if (xv == 0) {
                                    continue;
                                }
                                int row = wBase + i * oc;
                                for (int o = from; o < from + perGroup; o++) {
                                    acc[base + o] += xv * weights[row + o];
                                }
                            }
                        }
                    }
                }
            }
        }
        return channelsFirst(acc, oc, oh, ow);
    }

    private static int[] channelsLast(int[] chw, int c, int h, int w) {
        int[] out = new int[chw.length];
        for (int ch = 0; ch < c; ch++) {
            for (int px = 0; px < h * w; px++) {
                out[px * c + ch] = chw[ch * h * w + px];
            }
        }
        return out;
    }

    private static int[] channelsFirst(int[] hwc, int c, int h, int w) {
        int[] out = new int[hwc.length];
        for (int px = 0; px < h * w; px++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch * h * w + px] = hwc[px * c + ch];
            }
        }
        return out;
    }

    /** x W^T as ints, W [out, in]. */
    static int[] linear(int[] x, int[] weight, int outFeatures) {
        int in = x.length;
        int[] acc = new int[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            int sum = 0;
            for (int i = 0; i < in; i++) {
                sum += x[i] * weight[o * in + i];
            }
            acc[o] = sum;
        }
        return acc;
    }

    static IntTensor relu(IntTensor x) {
        long[] v = x.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return IntTensor.integers(v, x.e(), x.shape());
    }

    /** min(max(x, 0), 6), with 6 on the value's own grid (moved to a grid of at least 2^0 when coarser). */
    static IntTensor relu6(IntTensor x) {
        int e = Math.max(x.e(), 0);
        long six = 6L << e;
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(six, Math.max(0, x.values()[i] << (e - x.e())));
        }
        return IntTensor.integers(v, e, x.shape());
    }

    /** The DPU's leaky relu, slope 26/256: positives times 256, negatives times 26, on a grid 8 bits finer. */
    static IntTensor leakyRelu(IntTensor x) {
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            long value = x.values()[i];
            v[i] = value >= 0 ? value << 8 : value * 26;
        }
        return IntTensor.integers(v, x.e() + 8, x.shape());
    }

    /** The largest integer of each window; padding never wins. */
    static IntTensor maxPool(IntTensor x, Node node, long[] out) {
        Window win = Window.of(node, x.shape());
        long[] v = new long[(int) (out[0] * out[1] * out[2])];
        int oh = (int) out[1];
        int ow = (int) out[2];
        for (int c = 0; c < out[0]; c++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    long best = Long.MIN_VALUE;
                    for (int a = 0; a < win.kh; a++) {
                        int r = p * win.sh - win.padTop + a;
                        for (int b = 0; b < win.kw; b++) {
                            int col = q * win.sw - win.padLeft + b;
                            if (r >= 0 && r < win.h && col >= 0 && col < win.w) {
                                best = Math.max(best, x.values()[(c * win.h + r) * win.w + col]);
                            }
                        }
                    }
                    v[(c * oh + p) * ow + q] = best == Long.MIN_VALUE ? 0 : best;
                }
            }
        }
        return IntTensor.integers(v, x.e(), out);
    }

    /** Each window's sum (padding counts as zeros) times the DPU's factor, on a grid {@code shift} bits finer. */
    static IntTensor averagePool(IntTensor x, Node node, int[] kernel, DpuAverage reciprocal, long[] out) {
        Window win = node.op().equals(Ops.AVG_POOL2D) ? Window.of(node, x.shape()) : Window.global(x.shape());
        int oh = (int) out[1];
        int ow = (int) out[2];
        long[] v = new long[(int) (out[0] * oh * ow)];
        for (int c = 0; c < out[0]; c++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    long sum = 0;
                    for (int a = 0; a < kernel[0]; a++) {
                        int r = p * win.sh - win.padTop + a;
                        for (int b = 0; b < kernel[1]; b++) {
                            int col = q * win.sw - win.padLeft + b;
                            if (r >= 0 && r < win.h && col >= 0 && col < win.w) {
                                sum += x.values()[(c * win.h + r) * win.w + col];
                            }
                        }
                    }
                    v[(c * oh + p) * ow + q] = sum * reciprocal.factor();
                }
            }
        }
        return IntTensor.integers(v, x.e() + reciprocal.shift(), out);
    }

    /** Both inputs on the finer grid, added exactly; the output's requantization rounds once. */
    static IntTensor add(IntTensor x, IntTensor y) {
        int e = Math.max(x.e(), y.e());
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (x.values()[i] << (e - x.e())) + (y.values()[i] << (e - y.e()));
        }
        return IntTensor.integers(v, e, x.shape());
    }

    /** The inputs along the channels, each moved onto the finest grid among them. */
    static IntTensor concat(List<IntTensor> parts, long[] out) {
        int e = parts.stream().mapToInt(IntTensor::e).max().orElseThrow();
        long[] v = new long[parts.stream().mapToInt(IntTensor::size).sum()];
        int at = 0;
        for (IntTensor part : parts) {
            for (long value : part.values()) {
                v[at++] = value << (e - part.e());
            }
        }
        return IntTensor.integers(v, e, out);
    }

    /** A pooling window over an input (C, H, W). */
    private record Window(int h, int w, int kh, int kw, int sh, int sw, int padTop, int padLeft) {

        static Window of(Node node, long[] in) {
            List<Integer> k = node.intsAttr("kernel", null);
            List<Integer> s = node.intsAttr("stride", k);
            List<Integer> pad = node.intsAttr("pad", List.of(0, 0, 0, 0));
            return new Window((int) in[1], (int) in[2], k.get(1), k.get(0), s.get(1), s.get(0), pad.get(2), pad.get(0));
        }

        static Window global(long[] in) {
            return new Window((int) in[1], (int) in[2], (int) in[1], (int) in[2], 1, 1, 0, 0);
        }
    }
}
