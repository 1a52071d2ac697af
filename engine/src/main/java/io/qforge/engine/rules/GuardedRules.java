package io.qforge.engine.rules;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.plugin.PluginFailure;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.ResolvedSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.api.graph.Graph;
import io.qforge.api.rules.AdjustedGraph;
import io.qforge.api.rules.AdjustedParams;
import io.qforge.api.rules.GraphAdjustment;
import io.qforge.api.rules.ConfigSettings;
import io.qforge.api.rules.ParamsAdjustment;
import io.qforge.api.rules.QuantizationRules;
import io.qforge.api.rules.RuleReport;
import io.qforge.api.rules.SpecAdjustment;
import io.qforge.api.target.QuantizedModel;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A target's rules with every call guarded: an {@link InvalidInputException} (the user's input is
 * wrong) passes through, any other exception becomes a {@link PluginFailure} that names the target
 * and its jar. Null answers where the API promises a value count as failures too.
 */
final class GuardedRules implements QuantizationRules {

    private final QuantizationRules rules;
    private final String target;
    private final String origin;

    GuardedRules(QuantizationRules rules, String target, String origin) {
        this.rules = rules;
        this.target = target;
        this.origin = origin;
    }

    static <T> T call(String plugin, String origin, String doing, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PluginFailure("target " + plugin, origin, doing, e);
        }
        if (result == null) {
            throw new PluginFailure("target " + plugin, origin, doing, new NullPointerException("it answered null"));
        }
        return result;
    }

    private <T> T call(String doing, Supplier<T> call) {
        return call(target, origin, doing, call);
    }

    @Override
    public Optional<QuantSpec> defaults(TensorKind kind) {
        return call("giving its defaults for " + kind.configName() + " tensors", () -> rules.defaults(kind));
    }

    @Override
    public void check(ConfigSettings settings, RuleReport report) {
        call("checking the settings of " + settings.scope(), () -> {
            rules.check(settings, report);
            return true;
        });
    }

    @Override
    public SpecAdjustment adjust(ResolvedSpec requested) {
        return call("adjusting a " + requested.kind().configName() + " spec", () -> rules.adjust(requested));
    }

    @Override
    public List<ParamsAdjustment> paramAdjustments() {
        List<ParamsAdjustment> passes = call("listing its params passes", rules::paramAdjustments);
        return passes.stream().map(this::guarded).toList();
    }

    @Override
    public List<GraphAdjustment> graphAdjustments() {
        List<GraphAdjustment> passes = call("listing its graph rewrites", rules::graphAdjustments);
        return passes.stream().map(this::guarded).toList();
    }

    private GraphAdjustment guarded(GraphAdjustment pass) {
        String name = call("naming a graph rewrite", pass::name);
        return new GraphAdjustment() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AdjustedGraph apply(Graph graph) {
                return call("rewriting the graph in " + name, () -> pass.apply(graph));
            }
        };
    }

    private ParamsAdjustment guarded(ParamsAdjustment pass) {
        String name = call("naming a params pass", pass::name);
        boolean beforeBiasCorrection = call("asking when its params pass " + name + " runs", pass::beforeBiasCorrection);
        return new ParamsAdjustment() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean beforeBiasCorrection() {
                return beforeBiasCorrection;
            }

            @Override
            public AdjustedParams apply(QuantizedModel model) {
                return call("running its params pass " + name, () -> pass.apply(model));
            }
        };
    }
}
