package io.qforge.engine.executor;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.quant.CalibrationExecutor;
import io.qforge.engine.tune.TuneExecutor;
import org.junit.jupiter.api.Test;

/** Without the Spark add-on on the class path, "local" is the only executor, and asking for another says how to get it. */
class ExecutorExtensionsTest {

    @Test
    void localIsThisProcess() {
        assertNull(ExecutorExtensions.find(CalibrationExecutor.class, "local", "$.calibration.executor"));
        assertNull(ExecutorExtensions.find(TuneExecutor.class, "local", "--executor"));
    }

    @Test
    void anExecutorThatIsNotInstalledIsBadInputAtItsPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ExecutorExtensions.find(CalibrationExecutor.class, "spark", "$.calibration.executor"));
        assertTrue(e.getMessage().startsWith("$.calibration.executor"), e.getMessage());
        assertTrue(e.getMessage().contains("'spark' is not an installed executor. Allowed: local (spark comes with the Spark add-on"),
                e.getMessage());
    }
}
