package io.qforge.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.execution.ForwardMode;
import io.qforge.engine.execution.GraphExecutor;
import java.util.List;

/**
 * A trained model whose logits a student learns from, in the student's class order: when the
 * teacher knows more classes than the student learns, or lists them in another order, its logits
 * are reduced to the student's classes, which is a softmax over those classes only.
 *
 * @param label how reports name it, e.g. "teacher resnet50"
 * @param executor the teacher's graph
 * @param parameters its weights
 * @param columns for each student class, the teacher's output index; null when they are the same
 */
public record Teacher(String label, GraphExecutor executor, Parameters parameters, int[] columns) {

    /** The teacher's logits of {@code inputs}, one column per student class, with no gradient. */
    public NDArray logits(NDArray inputs) {
        NDArray all = executor.forward(parameters, inputs, ForwardMode.INFERENCE).stopGradient();
        return columns == null ? all : selected(all, columns);
    }

    /** The columns {@code columns} of {@code logits}, through a 0/1 selection matrix: exact, and one op. */
    static NDArray selected(NDArray logits, int[] columns) {
        NDManager m = logits.getManager();
        long teacherClasses = logits.getShape().get(1);
        float[] selection = new float[(int) teacherClasses * columns.length];
        for (int j = 0; j < columns.length; j++) {
            selection[columns[j] * columns.length + j] = 1;
        }
        return logits.matMul(m.create(selection, new Shape(teacherClasses, columns.length)));
    }

    /** For each of {@code student}'s classes, its index in {@code teacher}'s; null when both lists are the same, -1 for one it lacks. */
    public static int[] columns(List<String> teacher, List<String> student) {
        if (teacher.equals(student)) {
            return null;
        }
        int[] out = new int[student.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = teacher.indexOf(student.get(i));
        }
        return out;
    }
}
