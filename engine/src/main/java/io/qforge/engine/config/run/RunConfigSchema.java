package io.qforge.engine.config.run;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.RunConfig;
import io.qforge.engine.config.vitis.QuantizeConfig;

/**
 * The JSON Schema of a run config, generated from {@link RunConfig} and the classes under it, so
 * editors can complete and check configs. The few fields Jackson reads with custom code (a
 * quantization config given by path or inline, weights by path or recipe, a plugin's own options)
 * are described by hand here. The loader stays the authority: it also checks what a schema cannot,
 * such as which plugins are installed.
 */
public final class RunConfigSchema {

    public static final String FILE_NAME = "qforge-run.schema.json";

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private RunConfigSchema() {}

    public static ObjectNode generate() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(StrictJson.mapper(), SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY, JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.DEFINITIONS_FOR_ALL_OBJECTS);
        builder.forFields().withPropertyNameOverrideResolver(field -> {
            JsonProperty p = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
            return p != null && !p.value().isEmpty() ? p.value() : SNAKE.translate(field.getDeclaredName());
        });
        builder.forTypesInGeneral().withCustomDefinitionProvider(RunConfigSchema::custom);
        SchemaGenerator generator = new SchemaGenerator(builder.build());
        ObjectNode schema = generator.generateSchema(RunConfig.class);
        schema.put("$id", "https://qforge.io/schema/" + FILE_NAME);
        schema.put("title", "qforge run config");
        schema.put("description", "One run of qforge: backbone, dataset, preprocessing, training, quantization, calibration, target, output. "
                + "docs/configuration.md explains every field; 'qforge validate FILE' checks a file with line and column.");
        return schema;
    }

    private static CustomDefinition custom(ResolvedType type, SchemaGenerationContext context) {
        Class<?> raw = type.getErasedType();
        if (raw == PluginSelection.class) {
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.put("type", "object");
            node.put("description", "A plugin by its name, plus the plugin's own options as further fields");
            node.putObject("properties").putObject("type").put("type", "string").put("description", "the plugin's name, see 'qforge plugins'");
            node.putArray("required").add("type");
            return new CustomDefinition(node, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.NO);
        }
        if (raw == BackboneConfig.class) {
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.put("type", "object");
            node.put("description", "The backbone plugin, its weights, the classes of a model not trained here, plus the plugin's own options "
                    + "as further fields (e.g. the onnx backbone's path and head)");
            ObjectNode properties = node.putObject("properties");
            properties.putObject("type").put("type", "string").put("description", "the backbone's name, see 'qforge plugins'");
            properties.set("weights", context.createDefinitionReference(context.getTypeContext().resolve(WeightsSource.class)));
            ObjectNode classes = properties.putObject("classes");
            classes.put("type", "array").put("description", "the class names of the model's outputs, in label order (training mode none)");
            classes.putObject("items").put("type", "string");
            node.putArray("required").add("type");
            return new CustomDefinition(node, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.NO);
        }
        if (raw == QuantizationSource.class) {
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.put("description", "The Vitis AI quantization config (vai_q_pytorch int8_config.json schema): a path relative to this file, or the config inline");
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.addObject().put("type", "string");
            oneOf.add(context.createDefinitionReference(context.getTypeContext().resolve(QuantizeConfig.class)));
            return new CustomDefinition(node, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.NO);
        }
        if (raw == TeacherSource.class) {
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.put("description", "The teacher a student learns from: a backbone object with its trained weights (mode distill or qat), "
                    + "or 'float-model', the float model being quantized (mode qat)");
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.addObject().put("const", TeacherSource.FLOAT);
            oneOf.add(context.createDefinitionReference(context.getTypeContext().resolve(BackboneConfig.class)));
            return new CustomDefinition(node, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.NO);
        }
        if (raw == WeightsSource.class) {
            ObjectNode node = context.getGeneratorConfig().createObjectNode();
            node.put("description", "'imagenet', 'none', a weights file (safetensors, ONNX, qforge checkpoint) relative to this file, or a pretraining recipe");
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.addObject().put("type", "string");
            ObjectNode recipe = oneOf.addObject();
            recipe.put("type", "object");
            recipe.putObject("properties").set("pretrain", context.createDefinitionReference(context.getTypeContext().resolve(PretrainConfig.class)));
            recipe.putArray("required").add("pretrain");
            recipe.put("additionalProperties", false);
            return new CustomDefinition(node, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.NO);
        }
        return null;
    }
}
