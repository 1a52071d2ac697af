package io.qforge.target.dpuczdx8g;

import io.qforge.target.dpuczdx8g.xir.XirProto;
import io.qforge.target.dpuczdx8g.xir.XirProto.AttrValue;
import io.qforge.target.dpuczdx8g.xir.XirProto.OPNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An interpreter of a quantized xmodel, written apart from qforge's main code (it shares no
 * helper with it): it reads only the XIR ops, their attributes and the {@code fix} ops' bit_width,
 * fix_point, if_signed and round_mode, as a board's compiler would, and computes every tensor in
 * exact integers, NHWC. A tensor is v * 2^-e with v a long; a const holds its float data until its
 * fix op. The DPU's average divides by nothing: the window sum is multiplied by factor / 2^shift
 * from REFERENCE.md §5's table (only the kernels this test uses).
 */
final class XmodelBoardReference {

    /** value[i] * 2^-e, or floats[i] for a const before its fix op; dims NHWC or [1, F]. */
    record Tensor(long[] value, int e, float[] floats, List<Integer> dims) {}

    private final List<OPNode> ops;
    private final Map<String, Tensor> tensors = new HashMap<>();

    XmodelBoardReference(XirProto.Graph graph) {
        this.ops = graph.getOpNodeList();
    }

    /** Runs the ops in file order (the writer emits them topologically) on an NHWC float image; returns every op's tensor. */
    Map<String, Tensor> run(float[] nhwc) {
        tensors.clear();
        for (OPNode op : ops) {
            tensors.put(op.getOpName(), compute(op, nhwc));
        }
        return Map.copyOf(tensors);
    }

    private Tensor compute(OPNode op, float[] image) {
        List<Integer> dims = op.getOutputTensor().getTensorDimList();
        return switch (op.getOpType()) {
            case "data" -> new Tensor(null, 0, image, dims);
            case "const" -> {
                FloatBuffer fb = ByteBuffer.wrap(attr(op, "data").getBytesValue().getValue().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] f = new float[fb.remaining()];
                fb.get(f);
                yield new Tensor(null, 0, f, dims);
            }
            case "fix" -> fix(op, arg(op, "input", 0));
            case "conv2d", "depthwise-conv2d" -> conv(op, dims);
            case "matmul" -> matmul(op, dims);
            case "relu" -> map(arg(op, "input", 0), 0, v -> Math.max(0, v));
            case "relu6" -> {
                Tensor x = arg(op, "input", 0);
                int e = Math.max(0, x.e());
                long six = 6L << e;
                yield map(x, e - x.e(), v -> Math.min(six, Math.max(0, v)));
            }
            case "leaky-relu" -> {
                float alpha = attr(op, "alpha").getFloatValue();
                if (alpha != 26f / 256f) {
                    throw new AssertionError(op.getOpName() + ": the DPU's leaky relu has alpha 26/256, not " + alpha);
                }
                // 8 bits finer, so that 26/256 of a value is a whole number.
                yield map(arg(op, "input", 0), 8, v -> v >= 0 ? v : v / 256 * 26);
            }
            case "maxpool2d", "avgpool2d" -> pool(op, dims);
            case "add" -> {
                Tensor a = arg(op, "input", 0);
                Tensor b = arg(op, "input", 1);
                int e = Math.max(a.e(), b.e());
                long[] v = new long[a.value().length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (a.value()[i] << (e - a.e())) + (b.value()[i] << (e - b.e()));
                }
                yield new Tensor(v, e, null, dims);
            }
            case "concat" -> concat(op, dims);
            case "reshape" -> {
                Tensor x = arg(op, "input", 0);
                yield new Tensor(x.value(), x.e(), null, dims);
            }
            default -> throw new AssertionError("the reference does not know op type " + op.getOpType() + " (" + op.getOpName() + ")");
        };
    }

    /** Onto fix_point, rounded by round_mode, saturated to bit_width and if_signed. */
    private Tensor fix(OPNode op, Tensor x) {
        int fp = attr(op, "fix_point").getInt32Value();
        int bits = attr(op, "bit_width").getInt32Value();
        boolean signed = attr(op, "if_signed").getBoolValue();
        String mode = attr(op, "round_mode").getStringValue();
        long lo = signed ? -(1L << (bits - 1)) : 0;
        long hi = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        int n = x.value() != null ? x.value().length : x.floats().length;
        long[] q = new long[n];
        for (int i = 0; i < n; i++) {
            long r;
            if (x.value() == null) {
                r = roundDouble((double) x.floats()[i] * Math.pow(2, fp), mode);
            } else if (x.e() <= fp) {
                r = x.value()[i] << (fp - x.e());
            } else {
                r = roundQuotient(x.value()[i], x.e() - fp, mode);
            }
            q[i] = Math.max(lo, Math.min(hi, r));
        }
        return new Tensor(q, fp, null, op.getOutputTensor().getTensorDimList());
    }

    private static long roundDouble(double y, String mode) {
        return switch (mode) {
            case "DPU_ROUND" -> (long) Math.floor(y + 0.5);
            case "STD_ROUND" -> (long) (Math.signum(y) * Math.floor(Math.abs(y) + 0.5));
            case "PY3_ROUND" -> (long) Math.rint(y);
            default -> throw new AssertionError("round_mode " + mode);
        };
    }

    /** v / 2^k rounded by the mode, with floorDiv and the remainder compared to the half. */
    private static long roundQuotient(long v, int k, String mode) {
        long d = 1L << k;
        long floor = Math.floorDiv(v, d);
        long rem = Math.floorMod(v, d);
        long twice = 2 * rem;
        return switch (mode) {
            case "DPU_ROUND" -> twice >= d ? floor + 1 : floor;
            case "STD_ROUND" -> twice > d || (twice == d && v > 0) ? floor + 1 : floor;
            case "PY3_ROUND" -> twice > d || (twice == d && (floor & 1) == 1) ? floor + 1 : floor;
            default -> throw new AssertionError("round_mode " + mode);
        };
    }

    private Tensor conv(OPNode op, List<Integer> dims) {
        Tensor x = arg(op, "input", 0);
        Tensor w = arg(op, "weights", 0);
        Tensor b = op.getArgsList().stream().anyMatch(a -> a.getArgName().equals("bias")) ? arg(op, "bias", 0) : null;
        List<Integer> k = ints(op, "kernel");
        List<Integer> s = ints(op, "stride");
        List<Integer> pad = ints(op, "pad");
        List<Integer> dil = ints(op, "dilation");
        boolean depthwise = op.getOpType().equals("depthwise-conv2d");
        int h = x.dims().get(1);
        int wd = x.dims().get(2);
        int c = x.dims().get(3);
        int oh = dims.get(1);
        int ow = dims.get(2);
        int oc = dims.get(3);
        int kw = k.get(0);
        int kh = k.get(1);
        int groups = depthwise ? c : attr(op, "group").getInt32Value();
        int icg = c / groups;
        int ocg = oc / groups;
        int e = x.e() + w.e();
        int eOut = b == null ? e : Math.max(e, b.e());
        long[] out = new long[oh * ow * oc];
        for (int p = 0; p < oh; p++) {
            for (int q = 0; q < ow; q++) {
                for (int o = 0; o < oc; o++) {
                    int g = o / ocg;
                    long acc = 0;
                    for (int a = 0; a < kh; a++) {
                        for (int bb = 0; bb < kw; bb++) {
                            int r = p * s.get(1) - pad.get(2) + a * dil.get(1);
                            int col = q * s.get(0) - pad.get(0) + bb * dil.get(0);
                            if (r < 0 || r >= h || col < 0 || col >= wd) {
                                continue;
                            }
                            for (int i = 0; i < icg; i++) {
                                int ci = g * icg + i;
                                long xv = x.value()[(r * wd + col) * c + ci];
                                // conv weights are OHWI; depthwise ones [m, kh, kw, C], here m = 1.
                                long wv = depthwise ? w.value()[(a * kw + bb) * c + ci] : w.value()[((o * kh + a) * kw + bb) * icg + i];
                                acc += xv * wv;
                            }
                        }
                    }
                    long total = acc << (eOut - e);
                    if (b != null) {
                        total += b.value()[o] << (eOut - b.e());
                    }
                    out[(p * ow + q) * oc + o] = total;
                }
            }
        }
        return new Tensor(out, eOut, null, dims);
    }

    private Tensor matmul(OPNode op, List<Integer> dims) {
        Tensor x = arg(op, "input", 0);
        Tensor w = arg(op, "input", 1);
        Tensor b = arg(op, "bias", 0);
        int in = x.value().length;
        int out = dims.get(1);
        int e = x.e() + w.e();
        int eOut = Math.max(e, b.e());
        long[] y = new long[out];
        for (int o = 0; o < out; o++) {
            long acc = 0;
            for (int i = 0; i < in; i++) {
                acc += x.value()[i] * w.value()[o * in + i];
            }
            y[o] = (acc << (eOut - e)) + (b.value()[o] << (eOut - b.e()));
        }
        return new Tensor(y, eOut, null, dims);
    }

    private Tensor pool(OPNode op, List<Integer> dims) {
        Tensor x = arg(op, "input", 0);
        boolean max = op.getOpType().equals("maxpool2d");
        List<Integer> k = ints(op, "kernel");
        List<Integer> s = ints(op, "stride");
        List<Integer> pad = ints(op, "pad");
        int h = x.dims().get(1);
        int wd = x.dims().get(2);
        int c = x.dims().get(3);
        int kw = k.get(0);
        int kh = k.get(1);
        long[] reciprocal = max ? null : reciprocal(kh, kw);
        long[] out = new long[dims.get(1) * dims.get(2) * c];
        for (int p = 0; p < dims.get(1); p++) {
            for (int q = 0; q < dims.get(2); q++) {
                for (int ch = 0; ch < c; ch++) {
                    long best = Long.MIN_VALUE;
                    long sum = 0;
                    for (int a = 0; a < kh; a++) {
                        for (int bb = 0; bb < kw; bb++) {
                            int r = p * s.get(1) - pad.get(2) + a;
                            int col = q * s.get(0) - pad.get(0) + bb;
                            if (r >= 0 && r < h && col >= 0 && col < wd) {
                                long v = x.value()[(r * wd + col) * c + ch];
                                best = Math.max(best, v);
                                sum += v;
                            }
                        }
                    }
                    out[(p * dims.get(2) + q) * c + ch] = max ? best : sum * reciprocal[0];
                }
            }
        }
        return new Tensor(out, max ? x.e() : x.e() + (int) reciprocal[1], null, dims);
    }

    /** (factor, shift) of REFERENCE.md §5 for the kernels this test uses. */
    private static long[] reciprocal(int kh, int kw) {
        return switch (kh + "x" + kw) {
            case "3x3" -> new long[] {7, 6};
            case "5x5" -> new long[] {10, 8};
            case "7x7" -> new long[] {21, 10};
            default -> throw new AssertionError("no reciprocal in the reference for a " + kh + "x" + kw + " window");
        };
    }

    private Tensor concat(OPNode op, List<Integer> dims) {
        List<Tensor> parts = op.getArgsList().get(0).getArgOpsList().stream().map(tensors::get).toList();
        int e = parts.stream().mapToInt(Tensor::e).max().orElseThrow();
        int pixels = dims.get(1) * dims.get(2);
        int c = dims.get(3);
        long[] out = new long[pixels * c];
        int offset = 0;
        for (Tensor part : parts) {
            int pc = part.dims().get(3);
            for (int px = 0; px < pixels; px++) {
                for (int ch = 0; ch < pc; ch++) {
                    out[px * c + offset + ch] = part.value()[px * pc + ch] << (e - part.e());
                }
            }
            offset += pc;
        }
        return new Tensor(out, e, null, dims);
    }

    private interface LongOp {
        long apply(long v);
    }

    /** f of each value moved {@code finer} bits onto a finer grid first. */
    private static Tensor map(Tensor x, int finer, LongOp f) {
        long[] v = new long[x.value().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.apply(x.value()[i] << finer);
        }
        return new Tensor(v, x.e() + finer, null, x.dims());
    }

    private Tensor arg(OPNode op, String name, int index) {
        String from = op.getArgsList().stream().filter(a -> a.getArgName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(op.getOpName() + " has no argument " + name)).getArgOps(index);
        return tensors.get(from);
    }

    private static AttrValue attr(OPNode op, String name) {
        AttrValue v = op.getOpAttrMap().get(name);
        if (v == null) {
            throw new AssertionError(op.getOpName() + " has no attribute " + name);
        }
        return v;
    }

    private static List<Integer> ints(OPNode op, String name) {
        return attr(op, name).getInt32VecValue().getValueList();
    }
}
