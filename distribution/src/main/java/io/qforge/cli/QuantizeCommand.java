package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
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
    "the simulated int model with the float one. Writes OUT/NAME/quantized/: quant_params.json, folded.safetensors, report.json."})
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
        Engine engine = root.startEngine();
        ValidatedConfig validated = engine.get(ConfigLoader.class).load(config);
        if (!validated.isRunConfig()) {
            throw new InvalidInputException(config.toString(), "is a Vitis AI quantization config; quantize takes the run config the model was trained with");
        }
        RunConfig run = validated.run();
        Path dir = (out != null ? out : Path.of(run.output().dir())).resolve(run.name());
        Path weights = checkpoint != null ? checkpoint : dir.resolve("checkpoint/model.safetensors");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            engine.get(PostTrainingQuantization.class).run(run, validated.quantization(), weights, dir, manager, Progress.standard());
        }
        System.err.println("wrote " + dir.resolve("quantized"));
        return 0;
    }
}
