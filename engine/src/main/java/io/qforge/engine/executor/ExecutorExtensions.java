package io.qforge.engine.executor;

import io.qforge.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The executor extensions installed on the class path. */
public final class ExecutorExtensions {

    /** The name that selects this process: no extension. */
    public static final String LOCAL = "local";

    private ExecutorExtensions() {}

    /**
     * The {@code type} named {@code name}, or null for {@link #LOCAL}; an unknown name is bad input
     * at {@code location} (a JSON path or an option).
     */
    public static <T extends ExecutorExtension> T find(Class<T> type, String name, String location) {
        if (LOCAL.equals(name)) {
            return null;
        }
        List<String> known = new ArrayList<>();
        for (T e : ServiceLoader.load(type, type.getClassLoader())) {
            if (e.name().equals(name)) {
                return e;
            }
            known.add(e.name());
        }
        throw new InvalidInputException(location, "'" + name + "' is not an installed executor. Allowed: " + LOCAL
                + known.stream().map(k -> ", " + k).reduce("", String::concat)
                + (known.isEmpty() ? " (spark comes with the Spark add-on, lib/spark/; see docs/scale-out.md)" : ""));
    }
}
