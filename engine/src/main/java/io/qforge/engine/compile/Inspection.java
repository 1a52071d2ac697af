package io.qforge.engine.compile;

import io.qforge.api.target.InspectionReport;
import io.qforge.api.target.NodePlacement;
import io.qforge.api.target.PerformanceEstimate;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a target's inspection: every node that falls off the accelerator with its rule and fix, then the summary. */
public final class Inspection {

    private Inspection() {}

    public static void print(String target, InspectionReport report, PerformanceEstimate estimate, PrintStream out) {
        long offloaded = 0;
        for (NodePlacement p : report.placements()) {
            if (!p.reason().isEmpty()) {
                offloaded++;
                out.println(p.nodeName() + " -> " + p.device() + ": " + p.reason() + ". Fix: " + p.fix());
            }
        }
        if (offloaded == 0) {
            out.println("every node runs on the " + target + " accelerator");
        }
        out.println(report.summary());
        out.println(String.format(Locale.ROOT, "estimate on %s: %.1f fps, %.2f ms per frame (%s)", estimate.configuration(),
                estimate.framesPerSecond(), estimate.latencyMillis(), estimate.basis()));
    }
}
