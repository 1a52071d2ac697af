package io.qforge.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin class loader. It shows a plugin the JDK and the packages of the
 * qforge API (plus DJL, whose NDArray is the API's tensor type, and jackson-annotations), and
 * nothing else of the host: not the engine, not Guice, not another plugin.
 *
 * <p>It shows no resources either, so a plugin loader's ServiceLoader sees only the plugin's own
 * META-INF/services files and never rediscovers the built-in plugins.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    /** Package prefixes shared with plugins. */
    static final List<String> SHARED_PACKAGES = List.of(
            "io.qforge.api.", "ai.djl.", "com.fasterxml.jackson.annotation.", "org.slf4j.");

    private final ClassLoader host;

    ApiOnlyClassLoader(ClassLoader host) {
        super("qforge-api-only", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (isShared(name)) {
            return host.loadClass(name);
        }
        throw new ClassNotFoundException(name + " is not visible to plugins: they may use only the JDK and "
                + String.join(", ", SHARED_PACKAGES) + " of the host, plus the jars of their own plugin");
    }

    @Override
    protected URL findResource(String name) {
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return Collections.emptyEnumeration();
    }
}
