package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.config.run.PluginSelection;
import io.qforge.engine.plugin.SpiType;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code qforge compile CONFIG}: compile the quantized model for the config's target, quantizing first when needed. */
@Command(name = "compile", description = {"Compile the quantized model in OUT/NAME/quantized/ for the config's target into OUT/NAME/compiled/",
    "(for DPUCZDX8G: <net>_int.xmodel, arch.json, meta.json, compile.sh, deploy/), with a speed estimate and, where the",
    "target has one, the integer model checked against the simulation. Quantizes first when quantized/ is missing or was",
    "made from another checkpoint, quantization config, calibration or target."})
final class CompileCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--target", paramLabel = "NAME", description = "Compile for this target instead of the config's, with its default options.")
    String target;

    @Override
    public Integer call() throws Exception {
        Engine engine = root.startEngine();
        PluginSelection override = null;
        if (target != null) {
            String canonical = engine.plugins().canonicalName(SpiType.TARGET, target).orElseThrow(() -> new InvalidInputException(
                    "--target", "'" + target + "' is not a known target. Allowed: " + engine.plugins().knownList(SpiType.TARGET)));
            override = new PluginSelection(canonical, Map.of());
        }
        RunContext context = RunContext.load(engine, model.config, override, model.out, "compile");
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(RunStages.class).compile(context.validated(), context.dir(), model.checkpoint(context.dir()), true,
                    VersionProvider.version(), manager, Progress.standard(), System.out);
        }
        System.err.println("wrote " + context.dir().resolve("compiled"));
        return 0;
    }
}
