package io.qforge.engine.plugin;

import io.qforge.api.QforgePlugin;
import io.qforge.api.TargetDevice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every discovered plugin, by SPI type and name. Names and aliases are unique within a type;
 * construction fails on a clash and names both origins. Look-ups ignore case, so that a config's
 * {@code "DPUCZDX8G"} finds the target named {@code dpuczdx8g}.
 */
public final class PluginRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** Per SPI type: canonical name to plugin, sorted by name. */
    private final Map<SpiType<?>, Map<String, DiscoveredPlugin<?>>> byName = new LinkedHashMap<>();
    /** Per SPI type: name or alias to canonical name. */
    private final Map<SpiType<?>, Map<String, String>> spellings = new HashMap<>();

    public PluginRegistry(List<DiscoveredPlugin<?>> plugins) {
        for (SpiType<?> spi : SpiType.ALL) {
            byName.put(spi, new TreeMap<>());
            spellings.put(spi, new HashMap<>());
        }
        Map<SpiType<?>, Map<String, DiscoveredPlugin<?>>> claimedBy = new HashMap<>();
        for (DiscoveredPlugin<?> p : plugins) {
            String name = p.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new PluginLoadException(p.origin().location(), p.plugin().getClass().getName()
                        + " has the name '" + name + "'; a " + p.spi().singular()
                        + " name is lowercase letters, digits, '_' and '-', starting with a letter or digit");
            }
            Map<String, DiscoveredPlugin<?>> claims = claimedBy.computeIfAbsent(p.spi(), k -> new HashMap<>());
            List<String> spellingsOfP = new ArrayList<>();
            spellingsOfP.add(name);
            p.plugin().aliases().forEach(a -> spellingsOfP.add(a.toLowerCase(Locale.ROOT)));
            for (String spelling : spellingsOfP) {
                DiscoveredPlugin<?> previous = claims.putIfAbsent(spelling, p);
                if (previous != null) {
                    throw new PluginLoadException(p.origin().location(), "two " + p.spi().plural() + " claim the name '"
                            + spelling + "': " + previous.describe() + ", and " + p.describe()
                            + ". Remove one of them from the plugins folder, or rename it");
                }
                spellings.get(p.spi()).put(spelling, name);
            }
            byName.get(p.spi()).put(name, p);
        }
        checkVitisClaims();
    }

    /** Each value of Vitis AI's target_device is claimed by one target at most, so that a bare config's rules are never ambiguous. */
    private void checkVitisClaims() {
        Map<String, DiscoveredPlugin<?>> claims = new HashMap<>();
        for (DiscoveredPlugin<?> p : byName.get(SpiType.TARGET).values()) {
            for (String device : ((TargetDevice) p.plugin()).vitisTargetDevices()) {
                if (!TargetDevice.VITIS_DEVICES.contains(device)) {
                    throw new PluginLoadException(p.origin().location(), p.describe() + " claims target_device '" + device
                            + "'. Allowed: " + String.join(", ", TargetDevice.VITIS_DEVICES) + ", the values of Vitis AI's target_device");
                }
                DiscoveredPlugin<?> previous = claims.putIfAbsent(device, p);
                if (previous != null) {
                    throw new PluginLoadException(p.origin().location(), "two targets claim Vitis AI's target_device " + device + ": "
                            + previous.describe() + ", and " + p.describe() + ". Remove one of them from the plugins folder");
                }
            }
        }
    }

    /** The target that supplies the defaults and rules of Vitis AI's {@code target_device} value {@code device}, if one is installed. */
    public Optional<TargetDevice> vitisTarget(String device) {
        for (DiscoveredPlugin<?> p : byName.get(SpiType.TARGET).values()) {
            if (((TargetDevice) p.plugin()).vitisTargetDevices().contains(device)) {
                return Optional.of((TargetDevice) p.plugin());
            }
        }
        return Optional.empty();
    }

    /** The plugin of {@code spi} called {@code name}, with its origin; the name must be installed. */
    public DiscoveredPlugin<?> discovered(SpiType<?> spi, String name) {
        String canonical = canonicalName(spi, name).orElseThrow(() -> new IllegalArgumentException("no " + spi.singular() + " named " + name));
        return byName.get(spi).get(canonical);
    }

    /** The plugin of {@code spi} called {@code name} (or an alias of it), if any. */
    public <T extends QforgePlugin> Optional<T> find(SpiType<T> spi, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String canonical = spellings.get(spi).get(name.toLowerCase(Locale.ROOT));
        return canonical == null ? Optional.empty() : Optional.of(spi.type().cast(byName.get(spi).get(canonical).plugin()));
    }

    /**
     * The plugin of {@code spi} called {@code name}; fails with the known names when there is
     * none. {@code location} says where the name was written, e.g. a JSON path.
     */
    public <T extends QforgePlugin> T get(SpiType<T> spi, String name, String location) {
        return find(spi, name).orElseThrow(() -> new UnknownPluginException(location,
                "'" + name + "' is not a known " + spi.singular() + ". Known " + spi.plural() + ": " + knownList(spi)));
    }

    /** The canonical name of {@code name} (resolving aliases), if it is known. */
    public Optional<String> canonicalName(SpiType<?> spi, String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(spellings.get(spi).get(name.toLowerCase(Locale.ROOT)));
    }

    /** The plugins of one SPI type, sorted by name. */
    public List<DiscoveredPlugin<?>> all(SpiType<?> spi) {
        return List.copyOf(byName.get(spi).values());
    }

    /** Canonical names, then aliases in brackets: "float, power_of_two (alias poweroftwo)", or "none installed". */
    /** The jars (or folders) of the plugins that came from the plugins folder, not the class path: what another process must load too. */
    public List<String> pluginPaths() {
        return byName.values().stream().flatMap(m -> m.values().stream()).filter(p -> !p.origin().builtIn())
                .map(p -> p.origin().location()).distinct().sorted().toList();
    }

    public String knownList(SpiType<?> spi) {
        List<String> parts = new ArrayList<>();
        for (DiscoveredPlugin<?> p : byName.get(spi).values()) {
            TreeSet<String> aliases = new TreeSet<>(p.plugin().aliases());
            parts.add(aliases.isEmpty() ? p.name() : p.name() + " (alias " + String.join(", ", aliases) + ")");
        }
        return parts.isEmpty() ? "none installed" : String.join(", ", parts);
    }

}
