package io.qforge.cli;

import io.qforge.api.Backbone;
import io.qforge.api.backbone.BackboneSpec;
import io.qforge.api.context.PluginContext;
import io.qforge.api.graph.Graph;
import io.qforge.engine.compile.Inspection;
import io.qforge.engine.compile.TargetSelection;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.data.Datasets;
import io.qforge.engine.plugin.ConfiguredBackbones;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qforge inspect CONFIG}: where each node of the config's backbone would run on its target, before any training. */
@Command(name = "inspect", description = {"Check every node of the config's backbone against its target's limits: each node that falls",
    "to the CPU with the rule it broke and the fix, the number of subgraphs, the accelerator's share of ops and MACs,",
    "and a speed estimate. Needs no trained model."})
final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "CONFIG", description = "The run config, with a target section.")
    Path config;

    @Override
    public Integer call() {
        RunContext context = RunContext.load(root, config, null, "inspect");
        RunConfig run = context.run();
        TargetSelection target = TargetSelection.of(run, context.engine().plugins(), context.engine().get(PluginContext.class), "inspect");
        Backbone backbone = context.engine().get(ConfiguredBackbones.class).get(run.backbone().type(), run.backbone().options());
        int classes = run.backbone().classes() != null ? run.backbone().classes().size()
                : context.engine().get(Datasets.class).open(run.dataset(), "$.dataset", run.seed()).train().classNames().size();
        Graph graph = backbone.build(new BackboneSpec(classes, backbone.inputChannels(), run.preprocessing().height(), run.preprocessing().width()));
        Inspection.print(target.device().name(), target.device().inspect(graph, target.options()), target.device().estimate(graph, target.options()),
                System.out);
        return 0;
    }
}
