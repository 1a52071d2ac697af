package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.compile.Compilation;
import io.qforge.engine.progress.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, model.config, model.out, "compile");
        Path dir = context.dir();
        Path weights = model.checkpoint(dir);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(Compilation.class).run(context.run(), context.validated().quantization(), weights, dir, manager,
                    Progress.standard(), System.out);
        }
        System.err.println("wrote " + dir.resolve("compiled"));
        return 0;
    }
}
