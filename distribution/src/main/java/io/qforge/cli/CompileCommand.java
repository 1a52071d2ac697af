package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.progress.Progress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code qforge compile CONFIG}: quantize under the target's rules, then compile for the config's target. */
@Command(name = "compile", description = {"Quantize the trained model under the target's rules, inspect it, and compile it for the config's",
    "target into OUT/NAME/compiled/ (for DPUCZDX8G: <net>_int.xmodel, arch.json, meta.json, compile.sh, deploy/),",
    "with a speed estimate and, where the target has one, the integer model checked against the simulation."})
final class CompileCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--target", paramLabel = "NAME", description = "Compile for this target instead of the config's, with its default options.")
    String target;

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, model.config, model.out, "compile");
        Path dir = context.dir();
        Path weights = model.checkpoint(dir);
        RunConfig run = context.run();
        if (target != null) {
            String canonical = context.engine().plugins().canonicalName(SpiType.TARGET, target).orElseThrow(() -> new InvalidInputException(
                    "--target", "'" + target + "' is not a known target. Allowed: " + context.engine().plugins().knownList(SpiType.TARGET)));
            run = run.withTarget(new PluginSelection(canonical, Map.of()));
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(Compilation.class).run(run, context.validated().quantization(), weights, dir, manager,
                    Progress.standard(), System.out);
        }
        System.err.println("wrote " + dir.resolve("compiled"));
        return 0;
    }
}
