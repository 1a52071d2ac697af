package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Softmax cross-entropy with label smoothing, as PyTorch's CrossEntropyLoss(label_smoothing=e), and
 * the distillation term on a teacher's softened logits.
 */
public final class Loss {

    private Loss() {}

    /** The mean loss of {@code logits} (N, K) against {@code labels}: targets (1 - e) one-hot + e / K. */
    public static NDArray crossEntropy(NDArray logits, int[] labels, double smoothing) {
        long classes = logits.getShape().get(1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = logits.getManager().create(labels).toType(DataType.INT64, false).oneHot((int) classes)
                .toType(DataType.FLOAT32, false).mul(1 - smoothing).add(smoothing / classes);
        return target.mul(logProbabilities).sum(new int[] {1}).neg().mean();
    }

    /**
     * Hinton et al.'s distillation term: T squared times the KL divergence from the teacher's
     * softmax at temperature T to the student's, averaged over the batch. The T squared keeps the
     * term's gradients the size they have at T = 1, as the paper says to.
     */
    public static NDArray softTargets(NDArray student, NDArray teacher, double temperature) {
        // Float scalars: PyTorch promotes a 0-d float32 array times a double to float64.
        float t = (float) temperature;
        NDArray teacherLog = teacher.div(t).logSoftmax(1);
        NDArray studentLog = student.div(t).logSoftmax(1);
        NDArray kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {1}).mean();
        return kl.mul(t * t);
    }

    /** How many rows of {@code logits} have their largest value at the label. */
    public static int correct(NDArray logits, int[] labels) {
        long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }
}
