package io.qforge.engine.plugin;

import io.qforge.api.QforgePlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds plugins with {@link ServiceLoader}: first on the host class path (the built-ins), then in
 * a plugins/ folder, where every jar, and every sub-folder of jars, gets a class loader of its
 * own that sees only the API packages of the host.
 */
public final class PluginDiscovery {

    private final ClassLoader host;

    public PluginDiscovery(ClassLoader host) {
        this.host = host;
    }

    /** Discovers the built-ins and, when {@code pluginsDir} exists, the plugins in it. */
    public PluginRegistry discover(Path pluginsDir) {
        List<DiscoveredPlugin<?>> found = new ArrayList<>();
        for (SpiType<?> spi : SpiType.ALL) {
            load(spi, host, "class path", PluginOrigin::classPath, found);
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            for (Path entry : pluginEntries(pluginsDir)) {
                loadPluginEntry(entry, found);
            }
        }
        return new PluginRegistry(found);
    }

    /** The jars and folders directly under plugins/, sorted so that discovery is deterministic. */
    private static List<Path> pluginEntries(Path pluginsDir) {
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            return entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PluginLoadException(pluginsDir.toString(), "cannot list the plugins folder: " + e.getMessage(), e);
        }
    }

    private void loadPluginEntry(Path entry, List<DiscoveredPlugin<?>> found) {
        List<Path> jars = jarsOf(entry);
        for (Path jar : jars) {
            checkReadableJar(entry, jar);
        }
        URLClassLoader loader = new URLClassLoader("plugin:" + entry.getFileName(), urls(jars), new ApiOnlyClassLoader(host));
        int before = found.size();
        PluginOrigin origin = PluginOrigin.pluginPath(entry);
        for (SpiType<?> spi : SpiType.ALL) {
            load(spi, loader, entry.toString(), type -> origin, found);
        }
        if (found.size() == before) {
            throw new PluginLoadException(entry.toString(), "provides no qforge plugin. A plugin jar lists its classes in one of "
                    + SpiType.ALL.stream().map(SpiType::serviceFile).toList());
        }
    }

    private static List<Path> jarsOf(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> files = Files.list(entry)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new PluginLoadException(entry.toString(), "plugin folder holds no .jar file; a plugin folder holds the plugin's jar and the jars it needs");
            }
            return jars;
        } catch (IOException e) {
            throw new PluginLoadException(entry.toString(), "cannot list the plugin folder: " + e.getMessage(), e);
        }
    }

    private static void checkReadableJar(Path entry, Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            // Opening reads the central directory: enough to tell a jar from a broken file.
            checkServiceFiles(entry, jar, file);
        } catch (IOException e) {
            String where = entry.equals(jar) ? jar.toString() : jar + " (in plugin folder " + entry + ")";
            throw new PluginLoadException(where, "is not a readable jar (" + e.getMessage()
                    + "). Put only plugin jars, or folders of jars, in the plugins folder", e);
        }
    }

    /**
     * Refuses a service file named for a qforge type that is not an extension point (a typo, or
     * the base interface), which ServiceLoader would silently never read.
     */
    private static void checkServiceFiles(Path entry, Path jar, JarFile file) {
        List<String> known = SpiType.ALL.stream().map(SpiType::serviceFile).toList();
        file.stream().map(JarEntry::getName)
                .filter(name -> name.startsWith("META-INF/services/io.qforge.") && !known.contains(name))
                .findFirst()
                .ifPresent(name -> {
                    String where = entry.equals(jar) ? jar.toString() : jar + " (in plugin folder " + entry + ")";
                    throw new PluginLoadException(where, name + " names no qforge extension point, so its classes would never load. "
                            + "Allowed service files: " + known);
                });
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException(jars.get(i).toString(), "cannot be turned into a class path URL", e);
            }
        }
        return urls;
    }

    /**
     * Instantiates every provider of {@code spi} that {@code loader} lists. {@code location} names
     * the jar or folder in error messages; {@code origin} says where each plugin came from.
     */
    private static <T extends QforgePlugin> void load(SpiType<T> spi, ClassLoader loader, String location,
            Function<Class<?>, PluginOrigin> origin, List<DiscoveredPlugin<?>> found) {
        Iterator<T> it = ServiceLoader.load(spi.type(), loader).iterator();
        while (true) {
            T plugin;
            try {
                if (!it.hasNext()) {
                    return;
                }
                plugin = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new PluginLoadException(location, "its " + spi.singular() + " plugin could not be loaded: "
                        + rootMessage(e) + ". Check " + spi.serviceFile()
                        + " and that the plugin uses only the qforge API and its own jars", e);
            }
            found.add(new DiscoveredPlugin<>(spi, plugin, origin.apply(plugin.getClass())));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            b.append(": ").append(t);
        }
        return b.toString();
    }
}
