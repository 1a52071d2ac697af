package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code qforge quantize CONFIG}: calibrate and simulate the trained model with the config's Vitis AI quantization config. */
@Command(name = "quantize", description = {"Fold batch norm, calibrate with the config's Vitis AI quantization config under the target's rules,",
    "and compare the simulated int model with the float one. Writes OUT/NAME/quantized/ (graph.json, quant_params.json,",
    "folded.safetensors, report.json with every pass and its changes, config.json), which qforge compile reuses."})
final class QuantizeCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Mixin
    TrainedModelOptions model;

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, model.config, model.out, "quantize");
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(RunStages.class).quantize(context.validated(), context.dir(), model.checkpoint(context.dir()), true,
                    VersionProvider.version(), manager, Progress.standard());
        }
        System.err.println("wrote " + context.dir().resolve("quantized"));
        return 0;
    }
}
