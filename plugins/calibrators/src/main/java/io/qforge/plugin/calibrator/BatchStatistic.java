package io.qforge.plugin.calibrator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines one result per calibration batch into one, as {@code calib_statistic_method} says:
 * {@code modal} (the most frequent value, ties to the smallest), {@code max}, {@code mean} or
 * {@code median} (the lower middle of an even count). Keeps only the per-batch numbers, so
 * shards of a stream merge by appending theirs in order.
 */
final class BatchStatistic {

    private final String method;
    private final List<Double> values = new ArrayList<>();

    BatchStatistic(String method) {
        if (!List.of("modal", "max", "mean", "median").contains(method)) {
            throw new IllegalArgumentException("calib_statistic_method is modal, max, mean or median, not " + method);
        }
        this.method = method;
    }

    void add(double value) {
        values.add(value);
    }

    /** The per-batch numbers so far, in order: what a shard of the stream sends to be merged. */
    double[] values() {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Appends another shard's per-batch numbers, which came after these in the stream. */
    void addAll(double[] later) {
        for (double v : later) {
            values.add(v);
        }
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double result() {
        if (values.isEmpty()) {
            throw new IllegalStateException("no calibration batch was observed");
        }
        return switch (method) {
            case "max" -> Collections.max(values);
            case "mean" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case "median" -> {
                List<Double> sorted = new ArrayList<>(values);
                Collections.sort(sorted);
                yield sorted.get((sorted.size() - 1) / 2);
            }
            default -> modal();
        };
    }

    private double modal() {
        Map<Double, Integer> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        double best = Double.NaN;
        int bestCount = 0;
        for (Map.Entry<Double, Integer> e : counts.entrySet()) {
            // Ascending keys: a later value wins only with a strictly higher count, so ties go to the smallest.
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
