package io.qforge.engine.config.vitis;

import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the per-tensor parameters of a Vitis AI config, most specific first:
 *
 * <ol>
 *   <li>a {@code layer_quantize_config} entry's {@code tensor_quantize_config.<kind>};
 *   <li>that entry's {@code overall_quantize_config};
 *   <li>the top-level {@code tensor_quantize_config.<kind>};
 *   <li>the top-level {@code overall_quantize_config};
 *   <li>the defaults of the target whose rules apply.
 * </ol>
 */
public final class QuantSpecResolver {

    /** The root of the paths it reports, e.g. {@code $} or {@code $.quantization}. */
    private final String root;
    private final QuantizeConfig config;
    private final Map<TensorKind, QuantSpec> defaults;

    public QuantSpecResolver(QuantizeConfig config, String root, Map<TensorKind, QuantSpec> defaults) {
        this.config = config;
        this.root = root;
        this.defaults = new EnumMap<>(defaults);
    }

    /** The model-wide parameters of {@code kind}. */
    public ResolvedTensorConfig forKind(TensorKind kind) {
        return resolve(kind, globalSources(kind));
    }

    /** The parameters of {@code kind} in the layers matched by layer entry {@code index}. */
    public ResolvedTensorConfig forLayerEntry(int index, TensorKind kind) {
        LayerQuantizeConfig layer = config.layerQuantizeConfig().get(index);
        String at = layerPath(index);
        List<Source> sources = new ArrayList<>();
        if (layer.tensorQuantizeConfig() != null) {
            sources.add(new Source(at + ".tensor_quantize_config." + kind.configName(), layer.tensorQuantizeConfig().of(kind)));
        }
        sources.add(new Source(at + ".overall_quantize_config", layer.overallQuantizeConfig()));
        sources.addAll(globalSources(kind));
        return resolve(kind, sources);
    }

    /** The JSON path of layer entry {@code index}. */
    public String layerPath(int index) {
        return layerPath(root, index);
    }

    /** The JSON path of layer entry {@code index} of the config at {@code root}. */
    public static String layerPath(String root, int index) {
        return root + ".layer_quantize_config[" + index + "]";
    }

    private List<Source> globalSources(TensorKind kind) {
        List<Source> sources = new ArrayList<>();
        if (config.tensorQuantizeConfig() != null) {
            sources.add(new Source(root + ".tensor_quantize_config." + kind.configName(), config.tensorQuantizeConfig().of(kind)));
        }
        sources.add(new Source(root + ".overall_quantize_config", config.overallQuantizeConfig()));
        return sources;
    }

    private ResolvedTensorConfig resolve(TensorKind kind, List<Source> sources) {
        Map<QuantParam, Sourced> values = new EnumMap<>(QuantParam.class);
        for (QuantParam param : QuantParam.values()) {
            Sourced chosen = new Sourced(param.in(defaults.get(kind)), null);
            for (Source source : sources) {
                Object v = param.in(source.config());
                if (v != null) {
                    chosen = new Sourced(v, source.path() + "." + param.key());
                    break;
                }
            }
            values.put(param, chosen);
        }
        String location = sources.stream().filter(s -> s.config() != null).map(Source::path).findFirst()
                .orElse(sources.get(0).path());
        return new ResolvedTensorConfig(kind, location, values);
    }

    /** The kinds that are quantized: {@code quantizable_data_type}, or all four when not set. */
    public List<TensorKind> quantizedKinds() {
        return config.quantizableDataType() == null ? List.of(TensorKind.values()) : List.copyOf(config.quantizableDataType());
    }

    /** The kinds layer entry {@code index} quantizes: its own {@code quantizable_data_type}, else the config's. */
    public List<TensorKind> quantizedKinds(int index) {
        List<TensorKind> own = config.layerQuantizeConfig().get(index).quantizableDataType();
        return own != null ? List.copyOf(own) : quantizedKinds();
    }

    private record Source(String path, TensorQuantizeConfig config) {}
}
