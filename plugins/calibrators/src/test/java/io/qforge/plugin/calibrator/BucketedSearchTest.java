package io.qforge.plugin.calibrator;

import static io.qforge.plugin.calibrator.CalibratorTestSupport.POWER_OF_TWO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorKind;
import io.qforge.plugin.roundmode.HalfEvenRound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass diffs search against the value-by-value one it stands in for: whenever it answers,
 * it must pick the candidate that the value-by-value squared errors pick, and it must answer on
 * ordinary tensors (or it would save nothing).
 */
class BucketedSearchTest {

    @Test
    void picksWhatTheValueByValueSearchPicksForEveryBuiltInMode() {
        int answered = 0;
        int cases = 0;
        for (Map.Entry<String, float[]> t : tensors().entrySet()) {
            for (int bits : new int[] {4, 8}) {
                for (boolean signed : new boolean[] {true, false}) {
                    for (Map.Entry<String, RoundMode> mode : CalibratorTestSupport.ROUND_MODES.entrySet()) {
                        float[] v = signed ? t.getValue() : positive(t.getValue());
                        QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, bits, "diffs", mode.getKey(), "power_of_two", true, false,
                                signed, false, "modal", 99.99);
                        Range range = Tensors.finiteRange(v, "t");
                        List<QuantParams> candidates = POWER_OF_TWO.candidates(range, spec);
                        OptionalInt fast = BucketedSearch.best(v, range, candidates, mode.getValue());
                        String what = t.getKey() + ", " + bits + " bits, signed " + signed + ", " + mode.getKey();
                        cases++;
                        if (fast.isPresent()) {
                            answered++;
                            assertEquals(firstStrictMinimum(Tensors.squaredErrors(v, candidates, mode.getValue())), fast.getAsInt(), what);
                        }
                    }
                }
            }
        }
        // Only near-ties and degenerate tensors may fall back; ordinary ones must take the fast path.
        assertTrue(answered > cases * 3 / 4, answered + " of " + cases + " answered");
    }

    @Test
    void aTableKeptFromEarlierSearchesGivesTheAnswersOfFreshOnes() {
        // One table through tensors of other ranges, scales and modes, as an observer's batches go,
        // and twice through all of them, so that it is both widened and reused.
        CentreErrors kept = new CentreErrors();
        int reused = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<String, float[]> t : tensors().entrySet()) {
                for (float factor : new float[] {1f, 0.8f, 1.3f}) {
                    for (Map.Entry<String, RoundMode> mode : CalibratorTestSupport.ROUND_MODES.entrySet()) {
                        float[] v = t.getValue().clone();
                        for (int i = 0; i < v.length; i++) {
                            v[i] *= factor;
                        }
                        QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", mode.getKey(), "power_of_two", true, false, true,
                                false, "modal", 99.99);
                        Range range = Tensors.finiteRange(v, "t");
                        List<QuantParams> candidates = POWER_OF_TWO.candidates(range, spec);
                        int before = kept.count();
                        OptionalInt fresh = BucketedSearch.best(v, range, candidates, mode.getValue());
                        OptionalInt withKept = BucketedSearch.best(v, range, candidates, mode.getValue(), kept);
                        assertEquals(fresh, withKept, t.getKey() + " x " + factor + ", " + mode.getKey() + ", pass " + pass);
                        if (withKept.isPresent() && kept.count() == before) {
                            reused++;
                        }
                    }
                }
            }
        }
        assertTrue(reused > 0, "the kept table was never reused");
    }

    @Test
    void leavesModesThatLookAtFinerBitsAndFloatGridsToTheValueByValueSearch() {
        float[] v = tensors().get("laplace");
        Range range = Tensors.finiteRange(v, "t");
        QuantSpec spec = new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_even", "power_of_two", true, false, true, false, "modal", 99.99);
        List<QuantParams> candidates = POWER_OF_TWO.candidates(range, spec);
        assertTrue(BucketedSearch.best(v, range, candidates, new HalfEvenRound()).isPresent());
        assertFalse(BucketedSearch.best(v, range, candidates, new PluginRound()).isPresent(), "a plugin mode that did not say it steps at halves");
        QuantSpec floatSpec = new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_even", "float", true, false, true, false, "modal", 99.99);
        List<QuantParams> floatCandidates = CalibratorTestSupport.FLOAT.candidates(range, floatSpec);
        assertFalse(BucketedSearch.best(v, range, floatCandidates, new HalfEvenRound()).isPresent(), "float grids");
    }

    /** Heavy tails, ReLU zeros, values on the grids' steps and edges, tiny values, one value, and exact ties. */
    private static Map<String, float[]> tensors() {
        Random random = new Random(11);
        Map<String, float[]> out = new LinkedHashMap<>();
        float[] laplace = new float[300_000];
        float[] relu = new float[300_000];
        for (int i = 0; i < laplace.length; i++) {
            double l = -Math.log(1 - random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            laplace[i] = (float) (i % 5000 == 0 ? 30 * l : l);
            relu[i] = (float) Math.max(0, random.nextGaussian());
        }
        out.put("laplace", laplace);
        out.put("relu", relu);
        float[] onSteps = new float[20_000];
        for (int i = 0; i < onSteps.length; i++) {
            // Multiples of 1/64: many values sit exactly on the finer grids' halves and steps.
            onSteps[i] = (random.nextInt(512) - 256) / 64f;
        }
        out.put("on steps", onSteps);
        float[] tiny = new float[10_000];
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 1e-30 : 1e-3));
        }
        out.put("tiny", tiny);
        out.put("one value", new float[] {0.7f});
        out.put("two values", new float[] {-3f, 1.25f});
        List<Float> generated = new ArrayList<>();
        for (float[] g : ReferenceTensors.generated().values()) {
            for (float x : g) {
                generated.add(x);
            }
        }
        float[] all = new float[generated.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = generated.get(i);
        }
        out.put("reference tensors", all);
        ReferenceTensors.generated().forEach((name, g) -> out.put("reference " + name, g));
        return out;
    }

    private static float[] positive(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static int firstStrictMinimum(double[] errors) {
        int best = 0;
        for (int i = 1; i < errors.length; i++) {
            if (errors[i] < errors[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A plugin mode (half to even) that leaves stepsOnlyAtHalves at its default. */
    private static final class PluginRound implements RoundMode {
        private final RoundMode inner = new HalfEvenRound();

        @Override
        public String name() {
            return "plugin";
        }

        @Override
        public String description() {
            return "a third party's mode";
        }

        @Override
        public float round(float x) {
            return inner.round(x);
        }

        @Override
        public NDArray round(NDArray x) {
            return inner.round(x);
        }
    }
}
