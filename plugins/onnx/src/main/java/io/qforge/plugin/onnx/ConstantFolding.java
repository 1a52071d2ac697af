package io.qforge.plugin.onnx;

import io.qforge.onnx.OnnxModel.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongBinaryOperator;

/**
 * Evaluates the nodes whose inputs are all constants, as exporters emit them for shape arithmetic
 * (PyTorch's {@code x.view(x.size(0), -1)} becomes Shape, Gather, Unsqueeze, Concat and Reshape):
 * Identity, Cast, Gather, Unsqueeze, Squeeze, Concat, Slice, Reshape, ConstantOfShape and the four
 * arithmetic operators on small tensors. Other ops are not folded.
 */
final class ConstantFolding {

    private ConstantFolding() {}

    /** The value of {@code node}'s first output, or empty when qforge does not fold its op. */
    static Optional<Constant> fold(NodeProto node, List<Constant> in, int opset) {
        NodeAttributes a = new NodeAttributes(node);
        return Optional.ofNullable(switch (node.getOpType()) {
            case "Identity" -> in.get(0);
            case "Cast" -> cast(in.get(0), a.integer("to", 1));
            case "Gather" -> gather(in.get(0), in.get(1), a.integer("axis", 0));
            case "Unsqueeze" -> unsqueeze(in.get(0), opset >= 13 && in.size() > 1 ? in.get(1).asLongs() : toArray(a.integers("axes", List.of())));
            case "Squeeze" -> squeeze(in.get(0), opset >= 13 && in.size() > 1 ? in.get(1).asLongs() : toArray(a.integers("axes", List.of())));
            case "Concat" -> concat(in);
            case "Slice" -> slice(in);
            case "Reshape" -> reshape(in.get(0), in.get(1).asLongs());
            case "ConstantOfShape" -> constantOfShape(in.get(0).asLongs(), node);
            case "Add" -> arithmetic(in.get(0), in.get(1), Long::sum, Float::sum);
            case "Sub" -> arithmetic(in.get(0), in.get(1), (x, y) -> x - y, (x, y) -> x - y);
            case "Mul" -> arithmetic(in.get(0), in.get(1), (x, y) -> x * y, (x, y) -> x * y);
            case "Div" -> arithmetic(in.get(0), in.get(1), (x, y) -> x / y, (x, y) -> x / y);
            default -> null;
        });
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static Constant cast(Constant c, long to) {
        boolean toFloat = to == 1 || to == 10 || to == 11 || to == 16;
        return toFloat ? new Constant(c.dims(), c.asFloats(), null) : Constant.ofLongs(c.dims(), c.asLongs());
    }

    private static Constant gather(Constant data, Constant indices, long axis) {
        if (data.dims().length != 1 || axis != 0) {
            throw new IllegalArgumentException("gathers from a " + data.dims().length + "-D constant along axis " + axis
                    + "; qforge folds gathers from 1-D constants only");
        }
        long[] idx = indices.asLongs();
        long[] values = data.asLongs();
        long[] out = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            long j = idx[i] < 0 ? idx[i] + values.length : idx[i];
            out[i] = values[Math.toIntExact(j)];
        }
        return Constant.ofLongs(indices.dims(), out);
    }

    private static Constant unsqueeze(Constant c, long[] axes) {
        return withDims(c, Shapes.unsqueezed(c.dims(), axes));
    }

    private static Constant squeeze(Constant c, long[] axes) {
        return withDims(c, Shapes.squeezed(c.dims(), axes));
    }

    private static Constant concat(List<Constant> in) {
        long total = 0;
        for (Constant c : in) {
            if (c.dims().length > 1) {
                throw new IllegalArgumentException("concatenates " + c.dims().length + "-D constants; qforge folds 1-D ones only");
            }
            total += c.size();
        }
        long[] out = new long[Math.toIntExact(total)];
        int at = 0;
        for (Constant c : in) {
            long[] v = c.asLongs();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return Constant.vector(out);
    }

    private static Constant slice(List<Constant> in) {
        long[] values = in.get(0).asLongs();
        if (in.get(0).dims().length != 1) {
            throw new IllegalArgumentException("slices a " + in.get(0).dims().length + "-D constant; qforge folds 1-D ones only");
        }
        long n = values.length;
        long start = clamp(in.get(1).asLongs()[0], n);
        long end = clamp(in.get(2).asLongs()[0], n);
        long step = in.size() > 4 ? in.get(4).asLongs()[0] : 1;
        List<Long> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) {
            out.add(values[Math.toIntExact(i)]);
        }
        return Constant.vector(toArray(out));
    }

    private static long clamp(long index, long n) {
        long i = index < 0 ? index + n : index;
        return Math.max(0, Math.min(n, i));
    }

    private static Constant reshape(Constant c, long[] shape) {
        long[] dims = Shapes.reshaped(c.dims(), shape);
        return withDims(c, dims);
    }

    private static Constant constantOfShape(long[] shape, NodeProto node) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Constant fill = node.getAttributeCount() > 0 && node.getAttribute(0).hasT() ? Constant.of(node.getAttribute(0).getT()) : null;
        if (fill != null && fill.isFloat()) {
            float[] out = new float[Math.toIntExact(n)];
            Arrays.fill(out, fill.floats()[0]);
            return new Constant(shape, out, null);
        }
        long[] out = new long[Math.toIntExact(n)];
        Arrays.fill(out, fill == null ? 0 : fill.asLongs()[0]);
        return Constant.ofLongs(shape, out);
    }

    /** Elementwise on equal shapes, or against a one-value tensor. */
    private static Constant arithmetic(Constant x, Constant y, LongBinaryOperator ints, FloatOperator floats) {
        if (x.size() != y.size() && x.size() != 1 && y.size() != 1) {
            throw new IllegalArgumentException("combines constants of " + x.size() + " and " + y.size() + " values");
        }
        Constant shaped = x.size() >= y.size() ? x : y;
        int n = Math.max(x.size(), y.size());
        if (x.isFloat() || y.isFloat()) {
            float[] a = x.asFloats();
            float[] b = y.asFloats();
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = floats.apply(a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
            }
            return new Constant(shaped.dims(), out, null);
        }
        long[] a = x.longs();
        long[] b = y.longs();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ints.applyAsLong(a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
        }
        return Constant.ofLongs(shaped.dims(), out);
    }

    private static Constant withDims(Constant c, long[] dims) {
        return new Constant(dims, c.floats(), c.longs());
    }

    @FunctionalInterface
    private interface FloatOperator {
        float apply(float x, float y);
    }
}
