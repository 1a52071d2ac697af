package io.qforge.engine.config.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A section that picks a plugin by {@code type} and passes it the other keys as its own options,
 * e.g. {@code {"type": "DPUCZDX8G", "preset": "KV260"}}. The plugin checks its options.
 */
@JsonPropertyOrder({"type"})
public final class PluginSelection {

    private final String type;
    private final Map<String, Object> options = new LinkedHashMap<>();

    @JsonCreator
    public PluginSelection(@JsonProperty("type") String type) {
        this.type = type;
    }

    public PluginSelection(String type, Map<String, Object> options) {
        this(type);
        this.options.putAll(options);
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonAnySetter
    void option(String key, Object value) {
        options.put(key, value);
    }

    @JsonAnyGetter
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The same options under the plugin's canonical name. */
    public PluginSelection withType(String canonicalType) {
        return new PluginSelection(canonicalType, options);
    }
}
