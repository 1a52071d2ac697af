package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.PostTrainingQuantization;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code qforge quantize CONFIG}: calibrate and simulate the trained model with the config's Vitis AI quantization config. */
@Command(name = "quantize", description = {"Fold batch norm, calibrate with the config's Vitis AI quantization config, and compare",
    "the simulated int model with the float one. Writes OUT/NAME/quantized/: quant_params.json, folded.safetensors,",
    "report.json and config.json (the resolved config)."})
final class QuantizeCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Mixin
    TrainedModelOptions model;

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, model.config, model.out, "quantize");
        Path dir = context.dir();
        Path weights = model.checkpoint(dir);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(PostTrainingQuantization.class).run(context.run(), context.validated().quantization(), weights, dir, manager,
                    Progress.standard());
        }
        StrictJson.writeFile(dir.resolve("quantized/config.json"), context.validated().withDefaults());
        System.err.println("wrote " + dir.resolve("quantized"));
        return 0;
    }
}
