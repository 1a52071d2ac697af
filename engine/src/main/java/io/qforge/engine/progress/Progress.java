package io.qforge.engine.progress;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work. On a terminal it redraws one line with a bar, the rate and the time
 * left; elsewhere (CI, a log file) it prints a plain line every 30 seconds and each task's
 * closing line, so logs stay short but long work is never silent.
 */
public final class Progress {

    private static final int BAR = 24;
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String label = "";
    private long total;
    private long done;
    private long startNanos;
    private long lastDraw;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on stderr, drawn as a bar when stderr is a terminal. */
    public static Progress standard() {
        return new Progress(System.err, System.console() != null);
    }

    /** Progress that prints nothing, for tests and benchmarks. */
    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /** Starts a task of {@code total} units (images, batches). */
    public void start(String taskLabel, long totalUnits) {
        this.label = taskLabel;
        this.total = Math.max(1, totalUnits);
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
    }

    /** Records {@code units} more done; {@code status} is shown after the bar (e.g. the loss). */
    public void advance(long units, String status) {
        done += units;
        long now = System.nanoTime();
        if (lastDraw == 0) {
            lastDraw = startNanos;
        }
        double seconds = (now - startNanos) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        String eta = rate > 0 ? clock((total - done) / rate) : "?";
        if (terminal && (now - lastDraw > 100_000_000L || done >= total)) {
            lastDraw = now;
            int filled = (int) (BAR * Math.min(1.0, (double) done / total));
            out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %s/s ETA %s %s\u001b[K", label, "=".repeat(filled), " ".repeat(BAR - filled),
                    100 * done / total, rate(rate), eta, status);
            out.flush();
        } else if (!terminal && now - lastDraw > LOG_EVERY_NANOS && done < total) {
            lastDraw = now;
            out.printf(Locale.ROOT, "%s: %d%%, %s/s, ETA %s %s%n", label, 100 * done / total, rate(rate), eta, status);
            out.flush();
        }
    }

    /** Units per second: whole above 10, else two significant digits (a slow task's layers, not its images). */
    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 10 ? "%.0f" : "%.2g", perSecond);
    }

    /** Ends the task with a line that stays in the log. */
    public void finish(String summary) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "%s%s: %s (%.1f s)%n", terminal ? "\r\u001b[K" : "", label, summary, seconds);
        out.flush();
    }

    /** A line of its own, for results. */
    public void say(String line) {
        out.println(line);
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
