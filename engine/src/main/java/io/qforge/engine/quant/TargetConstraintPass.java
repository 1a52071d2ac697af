package io.qforge.engine.quant;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.target.ConstraintCheck;
import io.qforge.api.target.QuantConstraints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a target's quantization constraints to every tensor of a plan. Each change is reported
 * once per tensor kind with the number of tensors it touched, e.g. "weights (21 tensors):
 * per_channel true -> false: the DPU quantizes per tensor". A strict target throws instead.
 */
public final class TargetConstraintPass {

    /** The adjusted plan and the changes, one line per kind and change. */
    public record Result(QuantPlan plan, List<String> changes) {}

    private TargetConstraintPass() {}

    public static Result apply(QuantPlan plan, QuantConstraints constraints) {
        Map<String, QuantSpec> adjusted = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (QuantTensor t : plan.tensors().values()) {
            ConstraintCheck check = constraints.apply(t.spec());
            if (!check.changes().isEmpty()) {
                adjusted.put(t.name(), check.accepted());
                check.changes().forEach(c -> counts.merge(t.kind().configName() + "|" + c, 1, Integer::sum));
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] kindAndChange = key.split("\\|", 2);
            lines.add(kindAndChange[0] + " (" + n + (n == 1 ? " tensor" : " tensors") + "): " + kindAndChange[1]);
        });
        return new Result(adjusted.isEmpty() ? plan : plan.withSpecs(adjusted), lines);
    }
}
