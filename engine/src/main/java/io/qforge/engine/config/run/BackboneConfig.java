package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backbone} section: the plugin, where its weights come from, the classes its head
 * predicts, and the plugin's own options as further keys (e.g. an ONNX backbone's {@code path}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "weights", "classes"})
public final class BackboneConfig {

    private final String type;
    private final WeightsSource weights;
    private final List<String> classes;
    private final Map<String, Object> options = new LinkedHashMap<>();

    /**
     * @param type the Backbone plugin, e.g. {@code resnet18}
     * @param weights {@code none} (fresh initialisation, or the network's own weights when it has
     *     some, as an ONNX file does), {@code imagenet}, a path to a safetensors or ONNX file relative
     *     to the config, or a pretrain recipe
     * @param classes the class names of the model's outputs, in label order, for a model that is not
     *     trained here (training mode none); the dataset's classes are mapped onto them by name
     */
    @JsonCreator
    public BackboneConfig(@JsonProperty("type") String type, @JsonProperty("weights") WeightsSource weights,
            @JsonProperty("classes") List<String> classes) {
        this.type = type;
        this.weights = weights;
        this.classes = classes == null ? null : List.copyOf(classes);
    }

    public BackboneConfig(String type, WeightsSource weights, List<String> classes, Map<String, Object> options) {
        this(type, weights, classes);
        this.options.putAll(options);
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonProperty("weights")
    public WeightsSource weights() {
        return weights;
    }

    @JsonProperty("classes")
    public List<String> classes() {
        return classes;
    }

    @JsonAnySetter
    void option(String key, Object value) {
        options.put(key, value);
    }

    /** The plugin's own options: every key but type, weights and classes. */
    @JsonAnyGetter
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }
}
