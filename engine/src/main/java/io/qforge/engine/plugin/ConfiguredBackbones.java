package io.qforge.engine.plugin;

import io.qforge.api.Backbone;
import io.qforge.api.InvalidInputException;
import io.qforge.api.backbone.BackboneOptions;
import io.qforge.api.context.PluginContext;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backbone a config names, configured with the config's options for it ({@link
 * Backbone#configure}), once per distinct configuration: an ONNX backbone reads its file once however
 * many stages ask. A plugin's own exception becomes a {@link PluginFailure} naming the backbone and
 * its jar; a bad option or file, an {@link InvalidInputException} at its JSON path.
 */
public final class ConfiguredBackbones {

    private final PluginRegistry plugins;
    private final PluginContext context;
    private final Map<List<Object>, Backbone> configured = new HashMap<>();

    @Inject
    public ConfiguredBackbones(PluginRegistry plugins, PluginContext context) {
        this.plugins = plugins;
        this.context = context;
    }

    /** The installed backbone {@code type} set up with {@code options} (the backbone object's own keys). */
    public Backbone get(String type, Map<String, Object> options) {
        return get(type, options, "$.backbone.type");
    }

    /** The same, with an unknown {@code type} reported at {@code typeLocation} (a JSON path, or a command-line option). */
    public synchronized Backbone get(String type, Map<String, Object> options, String typeLocation) {
        List<Object> key = List.of(type.toLowerCase(Locale.ROOT), Map.copyOf(options));
        Backbone found = configured.get(key);
        if (found != null) {
            return found;
        }
        Backbone plugin = plugins.get(SpiType.BACKBONE, type, typeLocation);
        String origin = plugins.discovered(SpiType.BACKBONE, plugin.name()).origin().toString();
        Backbone result;
        try {
            result = plugin.configure(new BackboneOptions(options, context));
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PluginFailure("backbone " + plugin.name(), origin, "reading its options", e);
        }
        if (result == null) {
            throw new PluginFailure("backbone " + plugin.name(), origin, "reading its options", new NullPointerException("configure answered null"));
        }
        configured.put(key, result);
        return result;
    }
}
