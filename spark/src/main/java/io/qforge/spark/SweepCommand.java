package io.qforge.spark;

import io.qforge.cli.QforgeCli;
import io.qforge.cli.VersionProvider;
import io.qforge.engine.Engine;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qforge sweep SWEEP.json}: a base run config and its variations, run as Spark tasks. */
@Command(name = "sweep", description = {"Run every trial of a sweep file (a base run config and a list or grid of changes) as a Spark task:",
    "each distinct model trained once, then each trial quantized, compiled and reported as qforge run would, into",
    "OUT/SWEEP/trials/TRIAL/. Trials already finished with the same config are skipped. See docs/scale-out.md."})
final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    QforgeCli root;

    @Parameters(paramLabel = "SWEEP", description = "The sweep file.")
    Path sweep;

    @Option(names = "--out", paramLabel = "DIR_OR_URI",
            description = "Output folder, a path or a Hadoop file system URI (default: the sweep file's output, else the base config's output.dir).")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master as spark-submit sets it, else " + SparkJobs.DEFAULT_MASTER + ").")
    String master;

    @Override
    public Integer call() throws Exception {
        SweepSpec spec = SweepSpec.read(sweep);
        Engine engine = root.startEngine();
        JavaSparkContext sc = SparkJobs.context(master);
        SparkSweep.Outcome o;
        try {
            o = SparkSweep.run(engine, spec, out, sc, VersionProvider.version(), System.err);
        } finally {
            sc.stop();
        }
        System.out.printf(Locale.ROOT, "qforge sweep %s: %d trials in %.0f s (%d ran, %d finished before; %d model(s) trained in %.0f s, trials %.0f s)%n",
                spec.name(), o.trials().size(), o.seconds(), o.ran().size(), o.reused().size(), o.trainings(), o.trainSeconds(), o.trialSeconds());
        int width = o.trials().stream().mapToInt(t -> t.name().length()).max().orElse(5);
        System.out.printf(Locale.ROOT, "  %-" + width + "s %10s %10s %8s %10s%n", "trial", "float", "int8", "drop", "fps");
        for (TrialRecord t : o.trials()) {
            System.out.printf(Locale.ROOT, "  %-" + width + "s %9.2f%% %9.2f%% %8.2f %10.1f%n", t.name(), 100 * t.floatTop1(), 100 * t.quantizedTop1(),
                    100 * (t.floatTop1() - t.quantizedTop1()), t.framesPerSecond());
        }
        System.out.println("  trials in " + o.folder() + "/trials/, summary " + o.folder() + "/" + SparkSweep.SUMMARY);
        return 0;
    }
}
