package io.qforge.testkit;

import io.qforge.api.QforgePlugin;
import io.qforge.api.context.PluginCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The plugins on the test class path, found with {@link ServiceLoader} as qforge finds them: the testkit brings the built-in ones. */
final class ClassPathPlugins implements PluginCatalog {

    static final ClassPathPlugins INSTANCE = new ClassPathPlugins();

    private ClassPathPlugins() {}

    @Override
    public <T extends QforgePlugin> List<T> all(Class<T> spi) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(spi, ClassPathPlugins.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(QforgePlugin::name));
        return found;
    }
}
