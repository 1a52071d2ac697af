package io.qforge.engine.tune;

import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The accuracy-budget search: greedy, one setting at a time. It scores the base config; then, for
 * each dimension in order, every value on top of the best trial so far, and keeps the value that
 * scores best if it beats that trial. It stops as soon as a trial's drop against the float model
 * is within the budget, or when the trial budget or the time is spent. Given the same runner
 * results the same trials run in the same order, so a rerun reads back the same trials.
 */
public final class AccuracyBudgetSearch {

    /**
     * What the search found.
     *
     * @param trials every trial in the order tried, refused ones included
     * @param chosen the trial chosen: within budget if any is, else the most accurate
     * @param pareto the keys of the scored trials no other beats on both top-1 and speed
     * @param withinBudget whether the chosen trial's drop is within the budget
     * @param stopped why the search stopped
     */
    public record Outcome(List<TrialResult> trials, TrialResult chosen, List<String> pareto, boolean withinBudget, String stopped) {}

    private AccuracyBudgetSearch() {}

    public static Outcome run(TrialRunner runner, TrialResult base, List<SearchDimension> dimensions, TuneBudget budget, long startNanos,
            Progress progress) {
        List<TrialResult> trials = new ArrayList<>();
        trials.add(base);
        if (!base.scored()) {
            return new Outcome(trials, base, List.of(), false, "the base config was refused: " + base.message());
        }
        double reference = base.floatTop1();
        TrialResult best = base;
        String stopped = null;
        if (within(best, reference, budget)) {
            stopped = "the base config is within the budget";
        }
        for (SearchDimension dimension : dimensions) {
            if (stopped != null) {
                break;
            }
            TrialResult bestHere = best;
            Trial from = best.trial();
            List<?> values = dimension.values();
            int next = 0;
            while (next < values.size()) {
                stopped = exhausted(trials, budget, startNanos);
                if (stopped != null) {
                    break;
                }
                // As many values at once as the runner runs together and the trial budget has room for; refused trials cost nothing.
                int room = Math.min(runner.parallelism(), budget.maxTrials() - (int) trials.stream().filter(TrialResult::scored).count());
                List<Trial> batch = values.subList(next, Math.min(values.size(), next + room)).stream()
                        .map(value -> from.with(dimension.path(), value)).toList();
                next += batch.size();
                for (TrialResult r : runner.runAll(batch)) {
                    trials.add(r);
                    progress.say(describe(r, reference));
                    if (r.scored() && r.top1() > bestHere.top1()) {
                        bestHere = r;
                    }
                }
            }
            best = bestHere;
            if (stopped == null && within(best, reference, budget)) {
                stopped = "a trial is within the budget";
            }
        }
        if (stopped == null) {
            stopped = "every dimension was tried";
        }
        return new Outcome(trials, best, pareto(trials), within(best, reference, budget), stopped);
    }

    /** Whether a trial's drop is within the budget; top-1 shares make points with rounding error in the last bits. */
    private static boolean within(TrialResult r, double floatTop1, TuneBudget budget) {
        return drop(r, floatTop1) <= budget.maxDropPoints() + 1e-9;
    }

    /** The drop of a trial against the float model's top-1 on the scoring images, in points. */
    public static double drop(TrialResult r, double floatTop1) {
        return 100 * (floatTop1 - r.top1());
    }

    private static String exhausted(List<TrialResult> trials, TuneBudget budget, long startNanos) {
        long scored = trials.stream().filter(t -> t.scored()).count();
        if (scored >= budget.maxTrials()) {
            return "the trial budget (" + budget.maxTrials() + ") is spent";
        }
        if (budget.time() != null && System.nanoTime() - startNanos >= budget.time().toNanos()) {
            return "the time budget (" + budget.time() + ") is spent";
        }
        return null;
    }

    /** The scored trials that no other beats on top-1 and on speed at once (NaN speeds count as equal), by key, most accurate first. */
    static List<String> pareto(List<TrialResult> trials) {
        List<TrialResult> scored = trials.stream().filter(TrialResult::scored).toList();
        List<String> front = new ArrayList<>();
        scored.stream().sorted(Comparator.comparingDouble(TrialResult::top1).reversed()).forEach(r -> {
            boolean dominated = scored.stream().anyMatch(o -> o != r && o.top1() >= r.top1() && speed(o) >= speed(r)
                    && (o.top1() > r.top1() || speed(o) > speed(r)));
            if (!dominated && !front.contains(r.key())) {
                front.add(r.key());
            }
        });
        return front;
    }

    private static double speed(TrialResult r) {
        return Double.isNaN(r.framesPerSecond()) ? 0 : r.framesPerSecond();
    }

    static String describe(TrialResult r, double floatTop1) {
        if (!r.scored()) {
            return "trial " + r.trial().label() + ": refused, " + r.messageOnOneLine();
        }
        return String.format(Locale.ROOT, "trial %s: %s, top-1 %.2f%%, drop %.2f points", r.trial().label(), r.outcome(), 100 * r.top1(),
                drop(r, floatTop1));
    }
}
