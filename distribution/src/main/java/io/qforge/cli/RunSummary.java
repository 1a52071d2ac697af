package io.qforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qforge.engine.pipeline.RunPipeline;
import java.io.PrintStream;
import java.util.Locale;

/** The one screen {@code qforge run} ends with: accuracies, the speed estimate, and where everything was written. */
final class RunSummary {

    private RunSummary() {}

    static void print(RunPipeline.Outcome outcome, PrintStream out) {
        JsonNode r = outcome.report();
        JsonNode acc = r.get("accuracy");
        JsonNode target = r.get("target");
        JsonNode estimate = target.get("estimate");
        out.println();
        out.println(String.format(Locale.ROOT, "qforge run %s: done in %s (%s)", r.get("run").asText(), duration(r.get("seconds").asDouble()),
                String.join(", ", outcome.stages().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())));
        StringBuilder transfer = new StringBuilder(String.format(Locale.ROOT, "  transfer      %s test accuracy %s",
                r.get("training").get("result").get("label").asText(), pct(acc.get("transfer_top1"))));
        r.get("training").path("comparisons").forEach(c -> transfer.append(String.format(Locale.ROOT, "; %s %s", c.get("label").asText(),
                pct(c.get("test_accuracy")))));
        out.println(transfer);
        out.println(String.format(Locale.ROOT, "  quantized     float top-1 %s, int8 top-1 %s (drop %.2f points), agreement %s on %d test images",
                pct(acc.get("float_top1")), pct(acc.get("quantized_top1")),
                100 * (acc.get("float_top1").asDouble() - acc.get("quantized_top1").asDouble()), pct(acc.get("agreement")), acc.get("images").asInt()));
        out.println(String.format(Locale.ROOT, "  target        %s: %s", target.get("name").asText(), target.get("summary").asText()));
        out.println(String.format(Locale.ROOT, "  estimate      %.1f fps, %.2f ms per frame on %s", estimate.get("frames_per_second").asDouble(),
                estimate.get("latency_millis").asDouble(), estimate.get("configuration").asText()));
        JsonNode check = target.get("integer_check");
        if (check != null && !check.isNull()) {
            out.println(String.format(Locale.ROOT, "  integer model agrees with the simulation on %s of the test images", pct(check.get("agreement"))));
        }
        out.println("  artifacts");
        r.get("artifacts").forEach(a -> out.println("    " + a.asText()));
        out.println("  report        " + outcome.reportHtml() + " (data: " + outcome.reportJson().getFileName() + ")");
    }

    private static String pct(JsonNode fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction.asDouble());
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
