package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.qforge.engine.data.Batch;
import io.qforge.engine.data.BatchSource;
import io.qforge.engine.execution.InferenceWeights;
import io.qforge.engine.progress.Progress;

/**
 * Knowledge distillation (Hinton, Vinyals and Dean, 2015): the student learns from the teacher's
 * logits softened by a temperature as well as from the labels. The teacher's logits on the
 * training set are either computed once and cached, as feature extraction caches features, so
 * that an epoch costs only the student, or computed again for every batch.
 *
 * <p>Cached logits are of the images as they are; a batch the student sees flipped (random_flip)
 * still gets the unflipped image's logits, which is what caching buys its speed with.
 */
public final class Distillation implements AutoCloseable {

    private final Teacher teacher;
    private final CachedFeatures cached;
    /** The teacher's weights prepared for inference when its logits are computed batch by batch; null when cached. */
    private final InferenceWeights live;
    private final double temperature;
    private final double alpha;
    private final double cacheSeconds;

    private Distillation(Teacher teacher, CachedFeatures cached, InferenceWeights live, double temperature, double alpha, double cacheSeconds) {
        this.teacher = teacher;
        this.cached = cached;
        this.live = live;
        this.temperature = temperature;
        this.alpha = alpha;
        this.cacheSeconds = cacheSeconds;
    }

    /** Distillation from {@code teacher}, its logits on every sample of {@code train} computed now. */
    public static Distillation cached(Teacher teacher, BatchSource train, int batchSize, double temperature, double alpha, NDManager manager,
            Progress progress) {
        long start = System.nanoTime();
        CachedFeatures logits = CachedFeatures.compute(teacher.executor(), teacher.parameters(), train, batchSize, manager, progress,
                teacher.label() + " logits (train)");
        return new Distillation(teacher, logits, null, temperature, alpha, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Distillation from {@code teacher}, run on every batch the student sees. Its weights are
     * prepared once, as caching prepares them, so that both ways give the same logits bit for bit.
     */
    public static Distillation live(Teacher teacher, double temperature, double alpha, NDManager manager) {
        return new Distillation(teacher, null, teacher.executor().prepareInference(teacher.parameters(), manager), temperature, alpha, 0);
    }

    /** The teacher's logits of the training samples {@code indices}, which {@code batch} holds. */
    NDArray teacherLogits(int[] indices, Batch batch, NDManager manager) {
        NDArray all = cached == null ? teacher.executor().forward(live, batch.inputs()).stopGradient()
                : cached.batch(indices, manager, false, 0).inputs();
        return teacher.columns() == null ? all : Teacher.selected(all, teacher.columns());
    }

    /** The loss of {@code student}'s logits: alpha times the distillation term, plus 1 - alpha times the labels' cross-entropy. */
    NDArray loss(NDArray student, NDArray teacherLogits, int[] labels, double labelSmoothing) {
        NDArray hard = Loss.crossEntropy(student, labels, labelSmoothing);
        return Loss.softTargets(student, teacherLogits, temperature).mul((float) alpha).add(hard.mul((float) (1 - alpha)));
    }

    public Teacher teacher() {
        return teacher;
    }

    /** How long caching the teacher's logits took; 0 when they are not cached. */
    public double cacheSeconds() {
        return cacheSeconds;
    }

    public boolean isCached() {
        return cached != null;
    }

    @Override
    public void close() {
        if (cached != null) {
            cached.close();
        }
        if (live != null) {
            live.close();
        }
    }
}
