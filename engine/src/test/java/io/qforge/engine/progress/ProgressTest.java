package io.qforge.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void terminalDrawsABarAndEndsWithASummaryLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.start("epoch 1/2", 10);
        p.advance(10, "loss 0.5");
        p.finish("done");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch 1/2 [" + "=".repeat(24) + "] 100%"), out);
        assertTrue(out.contains("loss 0.5"), out);
        assertTrue(out.endsWith("epoch 1/2: done (" + out.substring(out.lastIndexOf('(') + 1, out.lastIndexOf(')')) + ")\n"), out);
    }

    @Test
    void logModePrintsOnlyTheSummaryForShortWork() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.start("features", 100);
        p.advance(50, "");
        p.advance(50, "");
        p.finish("100 samples");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("features: 100 samples ("), out);
    }

    @Test
    void clockFormatsMinutesAndSeconds() {
        assertEquals("2:05", Progress.clock(125));
        assertEquals("0:00", Progress.clock(0.2));
    }
}
