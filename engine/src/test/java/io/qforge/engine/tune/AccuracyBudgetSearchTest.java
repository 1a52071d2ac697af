package io.qforge.engine.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search's rules on trials whose scores are a table (the runner is an interface, so that
 * trials can run anywhere; {@code RunCommandIT} runs the real one): greedy over the dimensions in
 * order, each value on top of the best so far, stopping within the budget, at the trial budget,
 * and not counting refused trials; the Pareto front of top-1 against fps.
 */
class AccuracyBudgetSearchTest {

    private static final List<SearchDimension> DIMENSIONS = List.of(
            new SearchDimension("quantization.include_cle", List.of(false)),
            new SearchDimension("quantization.tensor_quantize_config.activation.method", List.of("maxmin", "mse")),
            new SearchDimension("calibration.include_adaround", List.of(true)));

    /** Scores from a table by label; unknown settings score like the base; "mse" is refused, as a DPU would. */
    private static final class TableRunner implements TrialRunner {
        final Map<String, Double> top1;
        final List<String> ran = new ArrayList<>();

        TableRunner(Map<String, Double> top1) {
            this.top1 = top1;
        }

        @Override
        public TrialResult run(Trial trial) {
            ran.add(trial.label());
            if (trial.settings().containsValue("mse")) {
                return new TrialResult(trial, trial.label(), TrialResult.REFUSED, "method 'mse' is not allowed", Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double t = top1.getOrDefault(trial.label(), 0.80);
            double fps = trial.settings().containsKey("calibration.include_adaround") ? 90 : 100;
            return new TrialResult(trial, trial.label(), TrialResult.RAN, "", 0.90, t, 0.90, t, fps, 1);
        }
    }

    private static AccuracyBudgetSearch.Outcome search(TableRunner runner, double maxDrop, int trials) {
        TrialResult base = runner.run(Trial.BASE);
        return AccuracyBudgetSearch.run(runner, base, DIMENSIONS, new TuneBudget(maxDrop, trials, null), System.nanoTime(), Progress.silent());
    }

    @Test
    void eachDimensionBuildsOnTheBestTrialAndTheSearchStopsWithinBudget() {
        TableRunner runner = new TableRunner(Map.of(
                "include_cle=false", 0.85,
                "include_cle=false, method=maxmin", 0.84,
                "include_cle=false, include_adaround=true", 0.898));
        AccuracyBudgetSearch.Outcome outcome = search(runner, 0.3, 10);
        assertEquals(List.of("as configured", "include_cle=false", "include_cle=false, method=maxmin", "include_cle=false, method=mse",
                "include_cle=false, include_adaround=true"), runner.ran, "maxmin did not beat CLE off, so AdaRound builds on CLE off");
        assertEquals("include_cle=false, include_adaround=true", outcome.chosen().trial().label());
        assertTrue(outcome.withinBudget());
        assertEquals("a trial is within the budget", outcome.stopped());
        assertEquals(0.2, AccuracyBudgetSearch.drop(outcome.chosen(), 0.90), 1e-9);
        assertEquals(List.of("include_cle=false, include_adaround=true", "include_cle=false"), outcome.pareto(),
                "the most accurate, and the most accurate of the faster ones");
    }

    @Test
    void aTrialWithinBudgetEndsTheSearch() {
        TableRunner runner = new TableRunner(Map.of("include_cle=false", 0.899));
        AccuracyBudgetSearch.Outcome outcome = search(runner, 0.3, 10);
        assertEquals(List.of("as configured", "include_cle=false"), runner.ran);
        assertEquals("a trial is within the budget", outcome.stopped());
    }

    @Test
    void theTrialBudgetCountsScoredTrialsOnly() {
        TableRunner runner = new TableRunner(Map.of());
        AccuracyBudgetSearch.Outcome outcome = search(runner, 0.3, 4);
        assertEquals(5, outcome.trials().size(), "4 scored, and the refused mse trial, which did not count");
        assertEquals(1, outcome.trials().stream().filter(t -> !t.scored()).count());
        assertFalse(outcome.withinBudget());
        assertEquals("as configured", outcome.chosen().trial().label(), "nothing beat the base");

        TableRunner shortRunner = new TableRunner(Map.of());
        AccuracyBudgetSearch.Outcome stopped = search(shortRunner, 0.3, 2);
        assertEquals(List.of("as configured", "include_cle=false"), shortRunner.ran);
        assertEquals("the trial budget (2) is spent", stopped.stopped());
    }

    @Test
    void settingsApplyByTheirPathsAndLabelTheTrial() {
        Trial trial = Trial.BASE.with("quantization.tensor_quantize_config.activation.method", "maxmin").with("calibration.batches", 30);
        ObjectNode base = JsonFiles.MAPPER.createObjectNode();
        base.putObject("quantization").put("include_cle", true);
        ObjectNode applied = trial.applyTo(base);
        assertEquals("maxmin", applied.at("/quantization/tensor_quantize_config/activation/method").asText());
        assertEquals(30, applied.at("/calibration/batches").asInt());
        assertTrue(applied.at("/quantization/include_cle").asBoolean());
        assertFalse(base.has("calibration"), "the base is not changed");
        assertEquals("method=maxmin, batches=30", trial.label());
    }
}
