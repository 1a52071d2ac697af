package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.quant.Sensitivity;
import io.qforge.engine.stage.RunStages;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qforge analyze CONFIG}: per-layer sensitivity of the quantized model: each node with
 * quantized tensors quantized alone, and left in float alone, against the float model; sorted by
 * what quantizing the node alone costs.
 */
@Command(name = "analyze", description = {"Per-layer sensitivity of the quantized model in OUT/NAME/quantized/ (quantizing first when needed):",
    "for each layer, top-1 and logit SQNR with that layer alone quantized, and with all but it, against the float model.",
    "Prints the layers most costly first and writes OUT/NAME/" + RunStages.ANALYSIS + "."})
final class AnalyzeCommand implements Callable<Integer> {

    /** How many layers the table shows; the JSON has them all. */
    private static final int SHOWN = 15;

    @ParentCommand
    QforgeCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--images", defaultValue = "1000", paramLabel = "N", description = "Test images to measure on (default: ${DEFAULT-VALUE}).")
    int images;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            throw new InvalidInputException("--images", images + " is not an image count. Allowed: 1 or more");
        }
        Engine engine = root.startEngine();
        RunContext context = RunContext.load(engine, model.config, null, model.out, "analyze");
        Sensitivity.Result r;
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            r = context.engine().get(RunStages.class).analyze(context.validated(), context.dir(), model.checkpoint(context.dir()), images,
                    VersionProvider.version(), manager, Progress.standard());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d test images: float top-1 %.2f%%, all quantized %.2f%% (logit SQNR %.1f dB)%n", r.images(),
                100 * r.floatTop1(), 100 * r.quantizedTop1(), r.quantizedSqnrDb());
        int width = Math.max(5, r.rows().stream().limit(SHOWN).mapToInt(row -> row.node().length()).max().orElse(5));
        String columns = "%-" + width + "s %-18s ";
        out.printf(Locale.ROOT, columns + "%14s %12s %16s %12s%n", "layer", "op", "alone top-1", "alone SQNR", "all but top-1", "all but SQNR");
        r.rows().stream().limit(SHOWN).forEach(row -> out.printf(Locale.ROOT, columns + "%13.2f%% %9.1f dB %15.2f%% %9.1f dB%n",
                row.node(), row.op(), 100 * row.aloneTop1(), row.aloneSqnrDb(), 100 * row.allButTop1(), row.allButSqnrDb()));
        if (r.rows().size() > SHOWN) {
            out.printf(Locale.ROOT, "... %d more layers in %s%n", r.rows().size() - SHOWN, context.dir().resolve(RunStages.ANALYSIS));
        }
        out.flush();
        System.err.println("wrote " + context.dir().resolve(RunStages.ANALYSIS));
        return 0;
    }
}
