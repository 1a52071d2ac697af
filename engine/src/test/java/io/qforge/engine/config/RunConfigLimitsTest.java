package io.qforge.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.config.ConfigException.LocatedProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run config may not be, found at validate: names that leave the output folder, impossible sizes, nulls, broken JSON. */
class RunConfigLimitsTest {

    /** Java or Jackson vocabulary that a user-facing message must not show. */
    private static final Pattern INTERNALS = Pattern.compile("Exception|Jackson|JsonReadFeature|StreamRead|REDACTED|java\\.|io\\.qforge|`|;\\.");

    @TempDir
    Path tmp;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    private static String withName(String name) {
        return "{\"name\": " + name + ", \"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\"}}";
    }

    @Test
    void aRunNameIsOneSafePathSegment() {
        for (String bad : List.of("\"/abs/path\"", "\"../../x\"", "\".\"", "\"..\"", "\"\"", "\"a/b\"", "\".hidden\"", "\"a b\"",
                "\"a\\u0000b\"", "\"" + "n".repeat(101) + "\"")) {
            List<LocatedProblem> problems = files.problems(withName(bad));
            assertEquals(List.of("$.name"), problems.stream().map(LocatedProblem::path).toList(), bad);
            assertTrue(problems.get(0).message().contains("is not a run name. Allowed: 1 to 100 letters, digits"), problems.get(0).message());
            assertFalse(INTERNALS.matcher(problems.get(0).message()).find(), problems.get(0).message());
        }
        for (String good : List.of("\"run-1\"", "\"fmnist_transfer.v2\"", "\"" + "n".repeat(100) + "\"")) {
            assertEquals(good.replace("\"", ""), files.load("ok.json", withName(good)).run().name());
        }
    }

    @Test
    void aConfigFileWhoseNameCannotNameTheRunNeedsAName() {
        List<LocatedProblem> problems = assertThrows(ConfigException.class,
                () -> files.load("my run.json", "{\"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\"}}")).problems();
        assertEquals("$.name", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("is missing, and the config file's name 'my run' cannot be the run's name. Set name."),
                problems.get(0).message());
    }

    @Test
    void theOutputFolderMustBeAFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        List<LocatedProblem> problems = files.problems("{\"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\"}, "
                + "\"output\": {\"dir\": \"" + file + "\"}}");
        assertEquals("$.output.dir", problems.get(0).path());
        assertEquals(file + " is a file. Allowed: a folder (created when missing)", problems.get(0).message());
    }

    @Test
    void inputSidesHaveAnUpperBound() {
        List<LocatedProblem> problems = files.problems("{\"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\"}, "
                + "\"preprocessing\": {\"height\": 100000, \"width\": 4097}}");
        assertEquals(List.of("$.preprocessing.height", "$.preprocessing.width"), problems.stream().map(LocatedProblem::path).toList());
        assertEquals("100000 is too large. Allowed: up to 4096 pixels", problems.get(0).message());
    }

    @Test
    void aNullIsNotTakenForTheDefault() {
        List<LocatedProblem> problems = files.problems("{\"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\"}, "
                + "\"training\": null, \"calibration\": {\"batches\": null}}");
        assertEquals(List.of("$.training", "$.calibration.batches"), problems.stream().map(LocatedProblem::path).toList());
        assertEquals("is null. Allowed: a value, or leave the key out for its default", problems.get(0).message());
    }

    @Test
    void aPathTheSystemCannotHoldIsRefusedWithItsJsonPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> files.load("nul.json",
                "{\"backbone\": {\"type\": \"tiny-net\"}, \"dataset\": {\"type\": \"tiny-images\", \"path\": \"a\\u0000b\"}}"));
        assertEquals("$.dataset.path", e.location());
        assertTrue(e.detail().startsWith("'a\\u0000b' is not a path on this system"), e.detail());
    }

    @Test
    void brokenJsonIsDescribedInWordsWithoutParserInternals() {
        String truncated = "{\"name\": \"x\", \"seed\": 4";
        String nan = "{\"name\": \"x\", \"seed\": NaN, \"backbone\": {\"type\": \"tiny-net\"}}";
        String deep = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
        String huge = "{\"name\": \"x\", \"training\": {\"epochs\": 99999999999}}";
        for (String text : List.of(truncated, nan, deep, huge)) {
            List<LocatedProblem> problems = files.problems(text);
            String message = problems.get(0).message();
            assertFalse(INTERNALS.matcher(message).find(), message);
            assertFalse(problems.get(0).where().equals("line 1, column 1") && text == deep, "a limit is not placed at the first character");
        }
        assertTrue(files.problems(truncated).get(0).message().contains("the file ends before the JSON is complete"));
        assertTrue(files.problems(nan).get(0).message().contains("NaN and Infinity are not JSON numbers"));
        assertTrue(files.problems(deep).get(0).message().contains("too large or too deeply nested"));
    }
}
