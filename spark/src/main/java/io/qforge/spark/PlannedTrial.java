package io.qforge.spark;

import java.io.Serializable;

/**
 * A sweep trial as the driver planned it: its run config, the key of its training (trials that
 * share it share one training) and its own key (the config and qforge's version).
 */
record PlannedTrial(String name, String config, String trainKey, String key) implements Serializable {

    /** Its training's folder in the sweep's output. */
    String trainFolder() {
        return "train/" + trainKey;
    }

    /** Its folder in the sweep's output. */
    String folder() {
        return "trials/" + name;
    }
}
