package com.example.qforge.edgenpu;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.graph.Ops;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * edge-npu's adder has one input scale and zero point: both inputs of an add must carry the same
 * params. Where an add's two quantized per-tensor inputs differ, both get the affine params that
 * cover the union of their ranges, where params p cover [(qmin - zp) * scale, (qmax - zp) *
 * scale]: scale = (max - min) / (qmax - qmin), zero point = round(-min / scale) clamped to the grid.
 *
 * <p>A tensor can feed several adds, so the inputs are joined into groups (tensors linked by adds)
 * and every member of a group gets the group's params: then a second run finds every add's inputs
 * equal and changes nothing. A strict target refuses instead, naming the adds.
 */
final class EqualAddInputsPass implements ParamsAdjustment {

    static final String NAME = "equal-add-inputs";

    private final boolean strict;

    EqualAddInputsPass(boolean strict) {
        this.strict = strict;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AdjustedParams apply(QuantizedModel model) {
        Map<String, QuantParams> params = new LinkedHashMap<>(model.quantParams());
        List<Node> adds = new ArrayList<>();
        Map<String, String> parent = new LinkedHashMap<>();
        for (Node node : model.graph().nodes()) {
            String[] in = inputs(model, node, params);
            if (in != null) {
                adds.add(node);
                parent.putIfAbsent(in[0], in[0]);
                parent.putIfAbsent(in[1], in[1]);
                parent.put(root(parent, in[0]), root(parent, in[1]));
            }
        }
        // Each group's union range over its members' current params, and whether they already agree.
        Map<String, double[]> ranges = new LinkedHashMap<>();
        Map<String, QuantParams> first = new LinkedHashMap<>();
        Map<String, Boolean> agree = new LinkedHashMap<>();
        for (String tensor : parent.keySet()) {
            String group = root(parent, tensor);
            QuantParams p = params.get(tensor);
            double lo = (p.qmin() - p.zeroPoint(0)) * (double) p.scale(0);
            double hi = (p.qmax() - p.zeroPoint(0)) * (double) p.scale(0);
            double[] r = ranges.computeIfAbsent(group, g -> new double[] {lo, hi});
            r[0] = Math.min(r[0], lo);
            r[1] = Math.max(r[1], hi);
            first.putIfAbsent(group, p);
            agree.merge(group, p.equals(first.get(group)), Boolean::logicalAnd);
        }
        Map<String, QuantParams> shared = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> g : ranges.entrySet()) {
            if (!agree.get(g.getKey())) {
                shared.put(g.getKey(), covering(g.getValue(), first.get(g.getKey()), model, g.getKey()));
            }
        }
        List<String> changes = new ArrayList<>();
        for (Node add : adds) {
            String[] in = inputs(model, add, params);
            QuantParams p = shared.get(root(parent, in[0]));
            if (p != null) {
                changes.add(String.format(Locale.ROOT, "%s: %s and %s share scale %.3g, zero point %d", add.name(), in[0], in[1], p.scale(0),
                        p.zeroPoint(0)));
            }
        }
        if (strict && !changes.isEmpty()) {
            throw new InvalidInputException("$.target.strict", "target " + EdgeNpuTarget.NAME + " is strict, and the inputs of "
                    + changes.size() + " adds have different scales or zero points, which edge-npu's adder cannot take: "
                    + String.join("; ", changes) + ". Drop \"strict\" to let qforge give each add's inputs shared params");
        }
        for (String tensor : parent.keySet()) {
            QuantParams p = shared.get(root(parent, tensor));
            if (p != null) {
                params.put(tensor, p);
            }
        }
        return new AdjustedParams(params, changes);
    }

    /**
     * The quantized tensors an add reads, when it reads two different per-tensor ones on the same
     * grid; null for any other node.
     */
    private static String[] inputs(QuantizedModel model, Node node, Map<String, QuantParams> params) {
        if (!node.op().equals(Ops.ADD) || node.inputs().size() != 2) {
            return null;
        }
        String a = model.quantizedSource(node.inputs().get(0));
        String b = model.quantizedSource(node.inputs().get(1));
        if (a == null || b == null || a.equals(b)) {
            return null;
        }
        QuantParams pa = params.get(a);
        QuantParams pb = params.get(b);
        // Under edge-npu's rules every activation is on [0, 255]; other grids cannot be shared and are left alone.
        boolean shareable = pa.isPerTensor() && pb.isPerTensor() && pa.qmin() == pb.qmin() && pa.qmax() == pb.qmax();
        return shareable ? new String[] {a, b} : null;
    }

    /** Affine params on {@code like}'s grid covering [range[0], range[1]], which holds zero. */
    private static QuantParams covering(double[] range, QuantParams like, QuantizedModel model, String tensor) {
        long qmin = like.qmin();
        long qmax = like.qmax();
        float scale = (float) Math.max((range[1] - range[0]) / (qmax - qmin), Math.ulp(1.0f));
        float zero = (float) (-range[0] / scale);
        long zeroPoint = (long) (model.specs().containsKey(tensor) ? model.roundMode(tensor).round(zero) : Math.rint(zero));
        return QuantParams.affine(scale, Math.max(qmin, Math.min(qmax, zeroPoint)), qmin, qmax);
    }

    private static String root(Map<String, String> parent, String x) {
        String r = x;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }
}
