package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.PostTrainingQuantization;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qforge quantize CONFIG}: calibrate and simulate the trained model with the config's Vitis AI quantization config. */
@Command(name = "quantize", description = {"Fold batch norm, calibrate with the config's Vitis AI quantization config, and compare",
    "the simulated int model with the float one. Writes OUT/NAME/quantized/: quant_params.json, folded.safetensors,",
    "report.json and config.json (the resolved config)."})
final class QuantizeCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "CONFIG", description = "The run config the model was trained with.")
    Path config;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The trained weights (default: OUT/NAME/checkpoint/model.safetensors).")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, config, out, "quantize");
        Path dir = context.dir();
        Path weights = checkpoint != null ? checkpoint : dir.resolve("checkpoint/model.safetensors");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            context.engine().get(PostTrainingQuantization.class).run(context.run(), context.validated().quantization(), weights, dir, manager,
                    Progress.standard());
        }
        StrictJson.writeFile(dir.resolve("quantized/config.json"), context.validated().withDefaults());
        System.err.println("wrote " + dir.resolve("quantized"));
        return 0;
    }
}
