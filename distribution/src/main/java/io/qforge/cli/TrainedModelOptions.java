package io.qforge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of the commands that start from a trained model: the run config, the checkpoint and the output folder. */
final class TrainedModelOptions {

    @Parameters(paramLabel = "CONFIG", description = "The run config the model was trained with.")
    Path config;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The trained weights (default: OUT/NAME/checkpoint/model.safetensors).")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir).")
    Path out;

    /** The checkpoint given, or the one {@code qforge train} wrote into the run folder {@code runDir}. */
    Path checkpoint(Path runDir) {
        return checkpoint != null ? checkpoint : runDir.resolve("checkpoint/model.safetensors");
    }
}
