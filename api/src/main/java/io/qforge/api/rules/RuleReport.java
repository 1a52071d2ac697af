package io.qforge.api.rules;

import io.qforge.api.quant.TensorKind;

/** Where a target's config rules report what they find; every problem is reported, none stops the check. */
@FunctionalInterface
public interface RuleReport {

    /**
     * A broken rule.
     *
     * @param path the JSON path of the setting to change, e.g. from {@link TensorSettings#pathOf}
     * @param kind the tensor kind it affects, or null when it is not one kind's
     * @param message what is wrong and what is allowed, e.g. "per_channel true is not allowed: the
     *     DPU quantizes per tensor. Allowed: false"
     */
    void problem(String path, TensorKind kind, String message);
}
