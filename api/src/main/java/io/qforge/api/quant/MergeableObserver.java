package io.qforge.api.quant;

import java.io.Serializable;

/**
 * A {@link TensorObserver} whose statistics can leave its process and be merged, so that a
 * calibration stream cut into consecutive shards, each observed apart (on another thread,
 * process or machine), gives exactly the result of one pass over the whole stream.
 *
 * <p>The contract, which {@code io.qforge.testkit.MergeableObserverContract} checks: observe each
 * shard with a fresh observer of the same target; into the first shard's observer {@link #merge}
 * the {@link #statistics} of the others, in stream order (or into a fresh observer those of all
 * shards); its {@link #result} then equals that of one observer that observed every batch (bit for bit for qforge's built-in calibrators). Vitis
 * AI's per-batch methods merge their per-batch results; histogram methods merge histograms.
 *
 * <p>Example, two shards: {@code a.observe(b1); b.observe(b2); a.merge(b.statistics());
 * a.result()} equals observing b1 then b2 with one observer.
 */
public interface MergeableObserver extends TensorObserver {

    /**
     * What this observer has gathered so far, as a Java-serializable value that shares nothing
     * mutable with the observer: observing more afterwards does not change it.
     */
    Serializable statistics();

    /**
     * Adds statistics from an observer of the same target that observed batches coming after
     * every batch this one has seen (or merged).
     *
     * @throws IllegalArgumentException when {@code later} is not statistics of this kind of observer
     */
    void merge(Serializable later);
}
