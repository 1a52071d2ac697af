package io.qforge.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON beside a checkpoint: optional, but when it is there every field is checked and a missing one named. */
class CheckpointMetadataTest {

    private static final String GOOD = """
            {"backbone": "resnet18", "class_names": ["a", "b"], "preprocessing": {"height": 32, "width": 32, "mean": [0.5], "std": [0.5]}}
            """;

    @TempDir
    Path tmp;

    @Test
    void weightsWithoutAJsonHaveNoMetadata() throws Exception {
        assertTrue(Checkpoints.findMetadata(tmp.resolve("plain.safetensors")).isEmpty());
    }

    @Test
    void aCompleteJsonIsRead() throws Exception {
        Files.writeString(tmp.resolve("model.json"), GOOD);
        CheckpointMetadata meta = Checkpoints.findMetadata(tmp.resolve("model.safetensors")).orElseThrow();
        assertEquals("resnet18", meta.backbone());
        assertTrue(meta.metrics().isEmpty(), "metrics are optional");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"class_names\": [\"a\"], \"preprocessing\": {}}| has no 'backbone'",
        "{\"backbone\": \"resnet18\", \"preprocessing\": {}}| has no 'class_names'",
        "{\"backbone\": \"resnet18\", \"class_names\": [1, 2]}| has no 'class_names'",
        "{\"backbone\": \"resnet18\", \"class_names\": [\"a\"]}| has no 'preprocessing.height'",
        "{\"backbone\": \"resnet18\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [0.5]}}| has no 'preprocessing.std'",
        "not json| is not valid JSON"})
    void aJsonLackingAFieldNamesTheFileAndTheField(String json, String problem) throws Exception {
        Path file = Files.writeString(tmp.resolve("model.json"), json);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checkpoints.findMetadata(tmp.resolve("model.safetensors")));
        assertEquals(file.toString(), e.location());
        assertTrue(e.detail().contains(problem.trim()), e.detail());
        assertTrue(e.detail().contains("a model trained elsewhere needs none"), e.detail());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"backbone\": \"r\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [0.5], \"std\": [0.5]}, \"metrics\": {\"top1\": null}}",
        "{\"backbone\": \"r\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [\"x\"], \"std\": [0.5]}}",
        "{\"backbone\": \"r\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [0.5], \"std\": [0.5]}, \"metrics\": 3}",
        "{\"backbone\": \"r\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [0.5], \"std\": [0.5]",
        "{\"backbone\": \"r\", \"class_names\": [\"a\"], \"preprocessing\": {\"height\": 32, \"width\": 32, \"mean\": [NaN], \"std\": [0.5]}}"})
    void aFieldOfTheWrongKindIsNamedWithoutJavaOrJacksonText(String json) throws Exception {
        Files.writeString(tmp.resolve("model.json"), json);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checkpoints.findMetadata(tmp.resolve("model.safetensors")));
        assertTrue(!e.detail().matches("(?s).*(Exception|Cannot construct|Cannot invoke|java\\.|io\\.qforge|`|REDACTED|Feature).*"), e.detail());
        assertTrue(e.detail().contains("wrong kind") || e.detail().contains("is not valid JSON"), e.detail());
    }
}
