package io.qforge.cli;

import io.qforge.engine.pipeline.RunPipeline;
import io.qforge.engine.pipeline.RunReport;
import io.qforge.engine.training.TrainingReport;
import java.io.PrintStream;
import java.util.Locale;

/** The one screen {@code qforge run} ends with: accuracies, the speed estimate, and where everything was written. */
final class RunSummary {

    private RunSummary() {}

    static void print(RunPipeline.Outcome outcome, PrintStream out) {
        RunReport r = outcome.report();
        RunReport.Accuracy acc = r.accuracy();
        RunReport.Target target = r.target();
        out.println();
        out.println(String.format(Locale.ROOT, "qforge run %s: done in %s (%s)", r.run(), duration(r.seconds()),
                String.join(", ", outcome.stages().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())));
        StringBuilder transfer = new StringBuilder(String.format(Locale.ROOT, "  transfer      %s test accuracy %s",
                r.training().result().label(), pct(acc.transferTop1())));
        if (r.training().comparisons() != null) {
            for (TrainingReport.Result c : r.training().comparisons().values()) {
                transfer.append(String.format(Locale.ROOT, "; %s %s", c.label(), pct(c.testAccuracy())));
            }
        }
        out.println(transfer);
        out.println(String.format(Locale.ROOT, "  quantized     float top-1 %s, int8 top-1 %s (drop %.2f points), agreement %s on %d test images",
                pct(acc.floatTop1()), pct(acc.quantizedTop1()), 100 * (acc.floatTop1() - acc.quantizedTop1()), pct(acc.agreement()), acc.images()));
        out.println(String.format(Locale.ROOT, "  target        %s: %s", target.name(), target.summary()));
        out.println(String.format(Locale.ROOT, "  estimate      %.1f fps, %.2f ms per frame on %s", target.estimate().framesPerSecond(),
                target.estimate().latencyMillis(), target.estimate().configuration()));
        if (target.integerCheck() != null) {
            out.println(String.format(Locale.ROOT, "  integer model agrees with the simulation on %s of the test images",
                    pct(target.integerCheck().agreement())));
        }
        out.println("  artifacts");
        r.artifacts().forEach(a -> out.println("    " + a));
        out.println("  report        " + outcome.reportHtml() + " (data: " + outcome.reportJson().getFileName() + ")");
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
