package io.qforge.engine.executor;

/**
 * Something that runs part of qforge's work elsewhere than in this process (qforge-spark runs it on
 * Spark executors), installed by putting its jar on the class path, where {@link ExecutorExtensions}
 * finds it with {@link java.util.ServiceLoader}. Its results equal the work done here.
 */
public interface ExecutorExtension {

    /** Its name, as configs and options select it, e.g. {@code spark}. */
    String name();
}
