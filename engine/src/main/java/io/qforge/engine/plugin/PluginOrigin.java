package io.qforge.engine.plugin;

import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where a plugin came from: built in (the class path) or a jar or folder under plugins/.
 *
 * @param builtIn whether it was found on the class path
 * @param location the jar, folder or class directory it was loaded from
 */
public record PluginOrigin(boolean builtIn, String location) {

    public static PluginOrigin pluginPath(Path jarOrFolder) {
        return new PluginOrigin(false, jarOrFolder.toString());
    }

    /** The class path origin of {@code implementation}, named by its jar. */
    public static PluginOrigin classPath(Class<?> implementation) {
        CodeSource source = implementation.getProtectionDomain().getCodeSource();
        String where = source == null ? "class path" : Path.of(source.getLocation().getPath()).getFileName().toString();
        return new PluginOrigin(true, where);
    }

    @Override
    public String toString() {
        return builtIn ? "built in (" + location + ")" : location;
    }
}
