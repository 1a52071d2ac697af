package io.qforge.cli;

import ai.djl.ndarray.NDManager;
import io.qforge.api.InvalidInputException;
import io.qforge.engine.Engine;
import io.qforge.engine.executor.ExecutorExtensions;
import io.qforge.engine.io.RunFolderLock;
import io.qforge.engine.progress.Progress;
import io.qforge.engine.tune.AccuracyBudgetSearch;
import io.qforge.engine.tune.TrialResult;
import io.qforge.engine.tune.TuneBudget;
import io.qforge.engine.tune.TuneExecutor;
import io.qforge.engine.tune.Tuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qforge tune CONFIG --max-drop 0.3}: searches the target-legal quantization settings until
 * the int8 model's top-1 drop is within the budget, or the trials or time run out; prints every
 * trial and writes the chosen config.
 */
@Command(name = "tune", description = {"Search the quantization settings the target accepts (calibration method, CLE, bias correction,",
    "calibration size, AdaRound, fast finetune, ReLU6 to ReLU, per-channel weights) until the top-1 drop is within --max-drop.",
    "Each trial is cached in OUT/NAME/" + Tuning.DIR + "/trials/; the chosen one is written as " + Tuning.DIR + "/" + Tuning.INT8_CONFIG
        + " plus a run config."})
final class TuneCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

    @ParentCommand
    QforgeCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "The run config to tune.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's output.dir).")
    Path out;

    @Option(names = "--max-drop", defaultValue = "0.3", paramLabel = "POINTS",
            description = "Accepted top-1 drop against the float model, in points (default: ${DEFAULT-VALUE}).")
    double maxDrop;

    @Option(names = "--trials", defaultValue = "12", paramLabel = "N",
            description = "The most trials to score, the config as written included (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--time", paramLabel = "TIME", description = "The longest the search may run, e.g. 90s, 20m, 2h (default: no limit).")
    String time;

    @Option(names = "--images", defaultValue = "1000", paramLabel = "N", description = "Images to score each trial on (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--executor", defaultValue = ExecutorExtensions.LOCAL, paramLabel = "NAME",
            description = "Where trials run: local (one after another, in this process) or spark (several at once on Spark executors, "
                + "with the Spark add-on; docs/scale-out.md) (default: ${DEFAULT-VALUE}).")
    String executor;

    @Override
    public Integer call() throws Exception {
        if (!(maxDrop >= 0)) {
            throw new InvalidInputException("--max-drop", maxDrop + " is not a drop. Allowed: 0 or more top-1 points, e.g. 0.3");
        }
        if (trials < 1) {
            throw new InvalidInputException("--trials", trials + " is not a trial count. Allowed: 1 or more");
        }
        if (images < 1) {
            throw new InvalidInputException("--images", images + " is not an image count. Allowed: 1 or more");
        }
        TuneBudget budget = new TuneBudget(maxDrop, trials, time == null ? null : duration(time));
        TuneExecutor elsewhere = ExecutorExtensions.find(TuneExecutor.class, executor, "--executor");
        Engine engine = root.startEngine();
        RunContext context = RunContext.load(engine, config, null, out, "tune");
        Tuning.Report r;
        try (RunFolderLock lock = context.lock(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            r = context.engine().get(Tuning.class).run(context.validated(), context.dir(), budget, images, VersionProvider.version(), manager,
                    Progress.standard(), elsewhere);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%d scoring images (%s): float top-1 %.2f%%, budget %.2f points; %s%n", r.images(), r.scoredOn(), 100 * r.floatTop1(),
                r.maxDropPoints(), r.stopped());
        w.printf(Locale.ROOT, "%-3s %-9s %9s %8s %10s %10s %8s  %s%n", "", "outcome", "top-1", "drop", "test top-1", "fps", "seconds", "settings");
        for (TrialResult t : r.trials()) {
            String mark = (t.key().equals(r.chosen()) ? "*" : "") + (r.pareto().contains(t.key()) ? "p" : "");
            if (t.scored()) {
                w.printf(Locale.ROOT, "%-3s %-9s %8.2f%% %8.2f %9.2f%% %10.1f %8.0f  %s%n", mark, t.outcome(), 100 * t.top1(),
                        AccuracyBudgetSearch.drop(t, r.floatTop1()), 100 * t.testTop1(), t.framesPerSecond(), t.seconds(), t.trial().label());
            } else {
                w.printf(Locale.ROOT, "%-3s %-9s %9s %8s %10s %10s %8s  %s: %s%n", mark, t.outcome(), "", "", "", "", "", t.trial().label(),
                        t.messageOnOneLine());
            }
        }
        TrialResult chosen = r.chosenTrial();
        w.printf(Locale.ROOT, "chosen (*): %s, drop %.2f points%s; p: on the front of top-1 against fps%n", chosen.trial().label(),
                AccuracyBudgetSearch.drop(chosen, r.floatTop1()), r.withinBudget() ? ", within the budget" : ", NOT within the budget");
        w.printf("reproduce it with: qforge run %s%n", r.runConfig());
        w.flush();
        return r.withinBudget() ? 0 : 4;
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidInputException("--time", "'" + text + "' is not a duration. Allowed: a number with s, m or h, e.g. 90s, 20m, 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
