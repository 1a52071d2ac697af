package io.qforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files: listed trials and grids expand in order; bad ones are refused with the JSON path and what is allowed. */
class SweepSpecTest {

    @TempDir
    Path tmp;

    private Path sweep(String json) throws Exception {
        Files.writeString(tmp.resolve("base.json"), "{}");
        return Files.writeString(tmp.resolve("sweep.json"), json);
    }

    @Test
    void listedTrialsComeFirstThenTheGridWithTheFirstPathVaryingSlowest() throws Exception {
        SweepSpec spec = SweepSpec.read(sweep("""
                {"name": "s", "base": "base.json", "output": "file:///tmp/x",
                 "trials": [{"name": "plain", "set": {}}],
                 "grid": {"calibration.batches": [5, 10], "quantization.overall_quantize_config.method": ["maxmin", "diffs"]}}"""));
        assertEquals(List.of("plain", "batches-5_method-maxmin", "batches-5_method-diffs", "batches-10_method-maxmin", "batches-10_method-diffs"),
                spec.trials().stream().map(SweepSpec.Trial::name).toList());
        assertEquals("{\"calibration\":{\"batches\":10},\"quantization\":{\"overall_quantize_config\":{\"method\":\"diffs\"}}}",
                spec.trials().get(4).patch().toString());
        assertEquals(tmp.resolve("base.json").toAbsolutePath(), spec.base());
        assertEquals("file:///tmp/x", spec.output());
    }

    @Test
    void badSweepFilesSayWhereAndWhatIsAllowed() throws Exception {
        assertRefused("{\"name\": \"s\", \"base\": \"base.json\", \"grid\": {\"a\": [1]}, \"trails\": []}", "$.trails", "Allowed: base, grid, name, output, trials");
        assertRefused("{\"name\": \"s\", \"base\": \"missing.json\", \"grid\": {\"a\": [1]}}", "$.base", "is not a file");
        assertRefused("{\"name\": \"s\", \"base\": \"base.json\"}", "$", "has no trials");
        assertRefused("{\"name\": \"s\", \"base\": \"base.json\", \"grid\": {\"a\": 1}}", "$.grid['a']", "non-empty list");
        assertRefused("{\"name\": \"a b\", \"base\": \"base.json\", \"grid\": {\"a\": [1]}}", "$.name", "is not a folder name");
        assertRefused("{\"name\": \"s\", \"base\": \"base.json\", \"trials\": [{\"name\": \"t\", \"set\": {}}, {\"name\": \"t\", \"set\": {}}]}",
                "$.trials", "twice");
        assertRefused("{\"name\": \"s\", \"base\": \"base.json\", \"trials\": [{\"name\": \"t\"}]}", "$.trials[0]", "\"set\"");
        assertRefused("[1]", "$", "not a JSON object");
    }

    private void assertRefused(String json, String path, String message) throws Exception {
        Path file = sweep(json);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SweepSpec.read(file));
        assertTrue(e.getMessage().contains(file + ": " + path), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
