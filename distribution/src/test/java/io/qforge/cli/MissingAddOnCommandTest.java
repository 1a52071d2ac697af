package io.qforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Without the Spark add-on (not on this module's class path), {@code qforge sweep} says how to get it and exits 2. */
class MissingAddOnCommandTest {

    @Test
    void sweepWithoutTheAddOnSaysWhereToGetIt() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = QforgeCli.run("sweep", "sweep.json");
        } finally {
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertEquals(QforgeCli.BAD_INPUT, exit, printed);
        assertTrue(printed.contains("qforge: sweep: runs on Apache Spark") && printed.contains("qforge-spark-<version>-addon.tar.gz"), printed);
    }
}
