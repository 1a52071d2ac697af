package io.qforge.cli;

import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.RunConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code qforge schema}: prints the run config's JSON Schema, the one shipped as schema/qforge-run.schema.json. */
@Command(name = "schema", description = {"Print the JSON Schema of a run config (generated from qforge's config classes; the distribution",
    "ships it as schema/qforge-run.schema.json and the examples reference it with \"$schema\")."})
final class SchemaCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        System.out.println(StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(RunConfigSchema.generate()));
        return 0;
    }
}
