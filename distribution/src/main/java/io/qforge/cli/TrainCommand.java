package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.config.ConfigLoader;
import io.qforge.engine.config.StrictJson;
import io.qforge.engine.config.ValidatedConfig;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.training.TransferTraining;
import io.qforge.engine.weights.AtomicFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code qforge train CONFIG}: step 1 of the workflow. Writes {@code <output.dir>/<name>/}: the
 * resolved config, {@code training.json} and the checkpoint.
 */
@Command(name = "train", description = {"Train a new head on the config's dataset (feature extraction, fine-tuning or from scratch).",
    "Writes OUT/NAME/config.json, training.json and checkpoint/model.safetensors + model.json."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "CONFIG", description = "A run config, e.g. examples/fmnist-transfer.json.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir, relative to the working folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Engine engine = root.startEngine();
        ValidatedConfig validated = engine.get(ConfigLoader.class).load(config);
        if (!validated.isRunConfig()) {
            throw new InvalidInputException(config.toString(), "is a Vitis AI quantization config; train takes a run config with backbone and dataset sections");
        }
        RunConfig run = validated.run();
        Path dir = (out != null ? out : Path.of(run.output().dir())).resolve(run.name());
        byte[] resolved = StrictJson.mapper().writeValueAsBytes(validated.withDefaults());
        AtomicFiles.write(dir.resolve("config.json"), o -> o.write(resolved));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransferTraining.Outcome outcome = engine.get(TransferTraining.class).run(run, dir, manager, Progress.standard());
            System.err.println("wrote " + outcome.checkpoint() + " and " + dir.resolve("training.json"));
        }
        return 0;
    }
}
