package io.qforge.engine.tune;

import java.io.Serializable;
import java.util.List;

/**
 * What another process needs to run trials of a search: the run config (its quantization inline),
 * the run folder, which it must see at the same path (a shared mount on a cluster), and the
 * scoring images' count.
 *
 * @param runConfig the run config's JSON, self-contained
 * @param runDir the run folder holding the checkpoint and {@code tune/trials/}
 * @param images how many images score each trial
 * @param version qforge's version, part of every trial's key
 * @param pluginPaths the driver's plugins from its plugins folder, which a worker loads too
 */
public record TuneJob(String runConfig, String runDir, int images, String version, List<String> pluginPaths) implements Serializable {

    private static final long serialVersionUID = 1L;
}
