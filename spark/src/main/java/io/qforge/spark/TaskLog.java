package io.qforge.spark;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.TaskContext;

/**
 * A task's log: each line to the executor's standard error, prefixed with what the task works on.
 * Every write first checks whether Spark killed the task, so long work that reports progress stops
 * soon after a kill instead of running to its end.
 */
final class TaskLog extends PrintStream {

    TaskLog(TaskContext task, String prefix) {
        super(new OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (task != null) {
                    task.killTaskIfInterrupted();
                }
                if (lineStart) {
                    System.err.print(prefix);
                }
                System.err.write(b);
                lineStart = b == '\n';
                if (lineStart) {
                    System.err.flush();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
