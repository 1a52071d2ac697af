package io.qforge.engine.quant;

import io.qforge.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The calibration executors installed on the class path, found by {@link ServiceLoader}. */
final class CalibrationExecutors {

    private CalibrationExecutors() {}

    /** The executor named {@code name}; an unknown name is bad input at {@code $.calibration.executor}. */
    static CalibrationExecutor find(String name) {
        List<String> known = new ArrayList<>();
        for (CalibrationExecutor e : ServiceLoader.load(CalibrationExecutor.class, CalibrationExecutor.class.getClassLoader())) {
            if (e.name().equals(name)) {
                return e;
            }
            known.add(e.name());
        }
        throw new InvalidInputException("$.calibration.executor", "'" + name + "' is not an installed calibration executor. Allowed: local"
                + known.stream().map(k -> ", " + k).reduce("", String::concat)
                + (known.isEmpty() ? " (the spark executor comes with the qforge-spark add-on; see docs/scale-out.md)" : ""));
    }
}
