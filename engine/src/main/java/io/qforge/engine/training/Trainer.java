package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.config.run.TrainingConfig;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import io.qforge.engine.progress.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The training loop: shuffled mini-batches, softmax cross-entropy with label smoothing (plus a
 * teacher's softened logits when distilling), DJL autograd through the forward pass, and DJL's
 * Adam or SGD on the trainable parameters only.
 * After each epoch it measures test accuracy. The caller's parameters are not changed: training
 * works on copies.
 */
public final class Trainer {

    /**
     * What to train and how.
     *
     * @param distillation the teacher to learn from as well as the labels; null for the labels alone
     */
    public record Run(
            String label,
            Forward forward,
            Parameters parameters,
            Set<String> trainable,
            ForwardMode mode,
            BatchSource train,
            BatchSource test,
            TrainingConfig config,
            boolean augment,
            boolean keepBest,
            long seed,
            Distillation distillation) {

        /** A run on the labels alone, through {@code executor}'s graph as it is. */
        public Run(String label, GraphExecutor executor, Parameters parameters, Set<String> trainable, ForwardMode mode, BatchSource train,
                BatchSource test, TrainingConfig config, boolean augment, boolean keepBest, long seed) {
            this(label, Forward.of(executor), parameters, trainable, mode, train, test, config, augment, keepBest, seed, null);
        }
    }

    private final Progress progress;

    public Trainer(Progress progress) {
        this.progress = progress;
    }

    public TrainingHistory fit(Run run, NDManager manager) {
        long start = System.nanoTime();
        TrainingConfig t = run.config();
        Parameters working = copy(run.parameters(), manager);
        for (String name : run.trainable()) {
            working.get(name).setRequiresGradient(true);
        }
        int steps = (run.train().size() + t.batchSize() - 1) / t.batchSize();
        TrainingStep step = new TrainingStep(run.forward(), working, run.trainable(), run.mode(), t, steps * t.epochs(), run.distillation());
        List<EpochMetrics> epochs = new ArrayList<>();
        Parameters kept = working;
        int keptEpoch = t.epochs();
        double best = -1;
        for (int epoch = 1; epoch <= t.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            progress.start(String.format(Locale.ROOT, "%s epoch %d/%d", run.label(), epoch, t.epochs()), run.train().size());
            double lossSum = 0;
            int correct = 0;
            int batchNumber = 0;
            for (int[] indices : BatchSource.epochOrder(run.train().size(), t.batchSize(), true, run.seed(), epoch)) {
                try (NDManager scope = manager.newSubManager();
                        Batch b = run.train().batch(indices, scope, run.augment(), run.seed() * 31 + epoch * 100_003L + batchNumber++)) {
                    Distillation distillation = run.distillation();
                    NDArray teacher = distillation == null ? null : distillation.teacherLogits(indices, b, scope);
                    TrainingStep.Outcome outcome = step.learn(b.inputs(), b.labels(), teacher);
                    correct += outcome.correct();
                    lossSum += outcome.loss() * indices.length;
                    progress.advance(indices.length, String.format(Locale.ROOT, "loss %.4f", outcome.loss()));
                }
                step.update(); // after the batch's manager closed (see TrainingStep.update)
            }
            double testAccuracy = run.forward().accuracy(working, run.test(), t.batchSize(), manager);
            EpochMetrics m = new EpochMetrics(epoch, lossSum / run.train().size(), (double) correct / run.train().size(),
                    testAccuracy, (System.nanoTime() - epochStart) / 1e9);
            epochs.add(m);
            progress.finish(String.format(Locale.ROOT, "loss %.4f, train %.2f%%, test %.2f%%", m.loss(), 100 * m.trainAccuracy(), 100 * testAccuracy));
            if (run.keepBest() && testAccuracy > best) {
                best = testAccuracy;
                keptEpoch = epoch;
                kept = copy(working, manager);
            }
        }
        if (!run.keepBest()) {
            kept = working;
        }
        for (String name : run.trainable()) {
            kept.get(name).setRequiresGradient(false);
        }
        return new TrainingHistory(run.label(), epochs, kept, keptEpoch, (System.nanoTime() - start) / 1e9);
    }

    /** Copies of every array, so that training leaves the caller's parameters as they were. */
    static Parameters copy(Parameters p, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        p.asMap().forEach((name, a) -> {
            NDArray c = a.duplicate();
            c.attach(manager);
            out.put(name, c);
        });
        return new Parameters(out);
    }
}
