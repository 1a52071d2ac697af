package io.qforge.engine.data;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Samples in batches, in a seeded order that changes with the epoch. */
public interface BatchSource {

    int size();

    /** The batch made of samples {@code indices}. {@code augment} turns on training-only augmentation. */
    Batch batch(int[] indices, NDManager manager, boolean augment, long seed);

    /** The batches of one epoch: shuffled with (seed, epoch) when {@code shuffle}, else in order. */
    static List<int[]> epochOrder(int size, int batchSize, boolean shuffle, long seed, int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < size; start += batchSize) {
            int end = Math.min(size, start + batchSize);
            int[] b = new int[end - start];
            for (int i = start; i < end; i++) {
                b[i - start] = order.get(i);
            }
            batches.add(b);
        }
        return batches;
    }
}
