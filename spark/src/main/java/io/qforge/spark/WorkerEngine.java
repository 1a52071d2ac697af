package io.qforge.spark;

import io.qforge.engine.Engine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The qforge engine of an executor's JVM, started once per set of shipped plugins and shared by
 * the tasks that run in it.
 */
final class WorkerEngine {

    private static final Map<List<String>, Engine> ENGINES = new HashMap<>();

    private WorkerEngine() {}

    /** This JVM's engine with the built-in plugins and the shipped {@code plugins} ({@link PluginShipping}). */
    static synchronized Engine get(List<String> plugins) {
        return ENGINES.computeIfAbsent(List.copyOf(plugins), p -> Engine.start(PluginShipping.folder(p)));
    }
}
