package io.qforge.cli;

import io.qforge.api.InvalidInputException;
import java.nio.file.Files;
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
        if (checkpoint != null && !Files.isRegularFile(checkpoint)) {
            throw new InvalidInputException("--checkpoint", checkpoint + (Files.isDirectory(checkpoint) ? " is a folder" : " does not exist")
                    + ". Give the trained weights file: a safetensors or ONNX file, or a checkpoint qforge train wrote "
                    + "(OUT/NAME/checkpoint/model.safetensors)");
        }
        return checkpoint != null ? checkpoint : runDir.resolve("checkpoint/model.safetensors");
    }
}
