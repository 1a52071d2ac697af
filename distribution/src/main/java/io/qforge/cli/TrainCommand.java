package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.config.run.TrainingMode;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.stage.RunStages;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code qforge train CONFIG}: step 1 of the workflow. Writes {@code <output.dir>/<name>/}: the
 * resolved config, {@code training.json} and the checkpoint; in mode qat, which trains the model as
 * the target quantizes it, the quantize stage's {@code quantized/} too.
 */
@Command(name = "train", description = {"Train a new head on the config's dataset (feature extraction, fine-tuning, from scratch, or "
    + "distillation from a teacher), or train the quantized model (mode qat).",
    "Writes OUT/NAME/config.json, training.json and checkpoint/model.safetensors + model.json; mode qat also writes quantized/."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "CONFIG", description = "A run config, e.g. examples/fmnist-transfer.json.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir, relative to the working folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunContext context = RunContext.load(root, config, out, "train");
        Path dir = context.dir();
        RunStages stages = context.engine().get(RunStages.class);
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            stages.train(context.validated(), dir, true, VersionProvider.version(), manager, Progress.standard());
            JsonFiles.write(dir.resolve("config.json"), context.validated().withDefaults());
            Path checkpoint = RunStages.checkpoint(dir);
            System.err.println("wrote " + checkpoint + " and " + dir.resolve("training.json"));
            if (context.run().training().mode() == TrainingMode.QAT) {
                // Quantization-aware training trains the model as the target quantizes it: that is the quantize stage.
                System.err.println("mode qat: training the quantized model (the quantize stage)");
                stages.quantize(context.validated(), dir, checkpoint, true, VersionProvider.version(), manager, Progress.standard());
                System.err.println("wrote " + dir.resolve("quantized"));
            }
        }
        return 0;
    }
}
