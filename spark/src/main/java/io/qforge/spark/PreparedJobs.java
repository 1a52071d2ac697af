package io.qforge.spark;

import ai.djl.ndarray.NDManager;
import io.qforge.engine.Engine;
import io.qforge.engine.quant.CalibrationJob;
import io.qforge.engine.quant.CalibrationShards;
import java.io.IOException;

/**
 * The calibration job an executor's JVM has rebuilt, kept for the job's other shards: the model is
 * sent once per executor (a broadcast) and rebuilt once, not once per task.
 */
final class PreparedJobs {

    private static String id;
    private static NDManager manager;
    private static CalibrationShards.Prepared prepared;

    private PreparedJobs() {}

    /** {@code job} rebuilt in this JVM; a new job replaces the one kept before it. */
    static synchronized CalibrationShards.Prepared get(Engine engine, CalibrationJob job) throws IOException {
        if (!job.id().equals(id)) {
            if (manager != null) {
                manager.close();
            }
            id = null;
            manager = NDManager.newBaseManager("PyTorch");
            prepared = engine.get(CalibrationShards.class).prepare(job, manager);
            id = job.id();
        }
        return prepared;
    }
}
