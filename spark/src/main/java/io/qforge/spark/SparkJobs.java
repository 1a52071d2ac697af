package io.qforge.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/** The driver's Spark context: the one already running (spark-submit's), or a new one. */
final class SparkJobs {

    /** The master when neither the caller nor {@code spark.master} names one: every core of this machine. */
    static final String DEFAULT_MASTER = "local[*]";

    private SparkJobs() {}

    /**
     * The running context, or a new one with {@code master} (null: the {@code spark.master}
     * property, which spark-submit and {@code -Dspark.master} set, else {@link #DEFAULT_MASTER}).
     * The web UI is off unless {@code spark.ui.enabled} asks for it.
     */
    static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf().setAppName("qforge").setIfMissing("spark.master", DEFAULT_MASTER)
                .setIfMissing("spark.ui.enabled", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        return JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf));
    }
}
