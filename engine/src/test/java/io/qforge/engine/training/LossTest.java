package io.qforge.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossTest {

    /** T^2 KL(softmax(t/T) || softmax(s/T)), averaged over rows, written out in doubles. */
    private static double expected(float[][] student, float[][] teacher, double temperature) {
        double sum = 0;
        for (int r = 0; r < student.length; r++) {
            double[] p = softmax(teacher[r], temperature);
            double[] q = softmax(student[r], temperature);
            for (int k = 0; k < p.length; k++) {
                sum += p[k] * (Math.log(p[k]) - Math.log(q[k]));
            }
        }
        return temperature * temperature * sum / student.length;
    }

    private static double[] softmax(float[] x, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v / temperature);
        }
        double[] e = new double[x.length];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i] / temperature - max);
            total += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= total;
        }
        return e;
    }

    @Test
    void softTargetsIsHintonsScaledKlDivergence() {
        float[][] student = {{1.0f, -2.0f, 0.5f}, {0.1f, 0.2f, 3.0f}};
        float[][] teacher = {{2.0f, -1.0f, 0.0f}, {-0.5f, 1.5f, 2.5f}};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(new float[] {1.0f, -2.0f, 0.5f, 0.1f, 0.2f, 3.0f}, new Shape(2, 3));
            NDArray t = m.create(new float[] {2.0f, -1.0f, 0.0f, -0.5f, 1.5f, 2.5f}, new Shape(2, 3));
            for (double temperature : new double[] {1, 4}) {
                assertEquals(expected(student, teacher, temperature), Loss.softTargets(s, t, temperature).getFloat(), 1e-5);
            }
            assertEquals(0, Loss.softTargets(t, t, 4).getFloat(), 1e-6, "a student that matches its teacher has nothing to learn");
        }
    }

    @Test
    void aTeachersLogitsAreReducedToTheStudentsClassesInTheStudentsOrder() {
        int[] columns = Teacher.columns(List.of("a", "b", "c", "d"), List.of("d", "b"));
        assertArrayEquals(new int[] {3, 1}, columns);
        assertArrayEquals(new int[] {-1}, Teacher.columns(List.of("a"), List.of("z")));
        assertEquals(null, Teacher.columns(List.of("a", "b"), List.of("a", "b")));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
            assertArrayEquals(new float[] {4, 2, 8, 6}, Teacher.selected(logits, columns).toFloatArray());
        }
    }
}
