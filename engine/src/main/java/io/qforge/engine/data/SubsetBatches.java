package io.qforge.engine.data;

import ai.djl.ndarray.NDManager;

/** Some samples of a source, in a given order: sample i is the source's {@code indices[i]}. */
public final class SubsetBatches implements BatchSource {

    private final BatchSource source;
    private final int[] indices;

    public SubsetBatches(BatchSource source, int[] indices) {
        this.source = source;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Batch batch(int[] picked, NDManager manager, boolean augment, long seed) {
        int[] mapped = new int[picked.length];
        for (int i = 0; i < picked.length; i++) {
            mapped[i] = indices[picked[i]];
        }
        return source.batch(mapped, manager, augment, seed);
    }
}
