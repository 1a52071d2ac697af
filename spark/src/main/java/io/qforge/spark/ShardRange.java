package io.qforge.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Calibration batches [from, to), one Spark task's share. */
record ShardRange(int from, int to) implements Serializable {

    /** {@code batches} cut into {@code parts} contiguous ranges as even as can be (fewer when there are fewer batches). */
    static List<ShardRange> split(int batches, int parts) {
        int n = Math.max(1, Math.min(batches, parts));
        List<ShardRange> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ranges.add(new ShardRange((int) ((long) batches * i / n), (int) ((long) batches * (i + 1) / n)));
        }
        return ranges;
    }
}
