package io.qforge.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.RunConfigSchema;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped schema/qforge-run.schema.json is the one generated from the config classes, and it describes the examples' fields. */
class RunConfigSchemaTest {

    private static final Path REPO = Path.of("..");

    @Test
    void committedSchemaIsTheGeneratedOne() throws Exception {
        JsonNode committed = StrictJson.mapper().readTree(REPO.resolve("schema").resolve(RunConfigSchema.FILE_NAME).toFile());
        assertEquals(RunConfigSchema.generate(), committed,
                "schema/qforge-run.schema.json is stale: regenerate it with 'qforge schema > schema/qforge-run.schema.json'");
    }

    @Test
    void everyFieldOfTheExampleRunConfigsIsInTheSchema() throws Exception {
        ObjectNode schema = RunConfigSchema.generate();
        for (String example : new String[] {"fmnist-transfer.json", "custom-30-class.json"}) {
            JsonNode config = StrictJson.mapper().readTree(REPO.resolve("examples").resolve(example).toFile());
            assertEquals("../schema/" + RunConfigSchema.FILE_NAME, config.path("$schema").asText(), example + " references the shipped schema");
            Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
            while (fields.hasNext()) {
                String field = fields.next().getKey();
                assertTrue(schema.get("properties").has(field), example + ": " + field + " is not in the schema");
            }
        }
        assertTrue(schema.get("$defs").get("TrainingMode").get("enum").toString().contains("feature-extraction"), "enums use the config spellings");
        assertTrue(schema.get("$defs").get("TrainingConfig").get("properties").has("batch_size"), "fields use the config's snake_case");
    }
}
