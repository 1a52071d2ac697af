package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.Engine;
import io.qforge.engine.pipeline.RunPipeline;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qforge run [CONFIG]}: the whole pipeline, with stage caching and a report. */
@Command(name = "run", description = {"Train, quantize, inspect, compile for the target and evaluate, then write OUT/NAME/report.html",
    "and report.json. Stages whose inputs did not change are reused (OUT/NAME/stages.json). With no CONFIG, runs the",
    "embedded default: the offline Fashion-MNIST transfer, the Vitis AI DPU config and the KV260."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "CONFIG", arity = "0..1", description = "A run config with a target (default: the embedded fmnist-transfer.json).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir, relative to the working folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunContext context;
        if (config == null) {
            System.err.println("no config given: running the embedded default, " + EmbeddedDefault.CONFIG + " (examples/ has the same file)");
            Engine engine = root.startEngine();
            context = RunContext.of(engine, EmbeddedDefault.load(engine), out);
        } else {
            context = RunContext.load(root, config, out, "run");
        }
        RunPipeline.Outcome outcome;
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            outcome = context.engine().get(RunPipeline.class).run(context.validated(), context.dir(), VersionProvider.version(), manager,
                    Progress.standard(), System.err);
        }
        RunSummary.print(outcome, System.out);
        return 0;
    }
}
