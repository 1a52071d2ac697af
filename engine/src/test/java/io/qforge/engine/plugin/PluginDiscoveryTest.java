package io.qforge.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.qforge.api.RoundMode;
import io.qforge.api.ScaleType;
import io.qforge.engine.Engine;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {

    private static final String ROUND_MODE_SPI = RoundMode.class.getName();

    @TempDir
    Path tmp;

    private Path pluginsDir() throws IOException {
        return Files.createDirectories(tmp.resolve("plugins"));
    }

    private Path truncJar(Path jar, String className, String name) throws IOException {
        return new PluginJarBuilder(tmp).build(jar,
                Map.of(className, PluginJarBuilder.truncatingRoundMode(className, name)),
                Map.of(ROUND_MODE_SPI, List.of(className)));
    }

    private static PluginRegistry discover(Path plugins) {
        return new PluginDiscovery(PluginDiscoveryTest.class.getClassLoader()).discover(plugins);
    }

    @Test
    void builtInRoundModesAndScaleTypesAreFound() {
        PluginRegistry registry = discover(null);
        assertEquals(List.of("ceil", "floor", "half_down", "half_even", "half_up", "std_round"),
                registry.all(SpiType.ROUND_MODE).stream().map(DiscoveredPlugin::name).toList());
        assertEquals(List.of("float", "power_of_two"),
                registry.all(SpiType.SCALE_TYPE).stream().map(DiscoveredPlugin::name).toList());
        assertTrue(registry.all(SpiType.ROUND_MODE).get(0).origin().builtIn());
    }

    @Test
    void aliasAndCaseFindTheSamePlugin() {
        PluginRegistry registry = discover(null);
        ScaleType byAlias = registry.get(SpiType.SCALE_TYPE, "poweroftwo", "$.x");
        assertEquals("power_of_two", byAlias.name());
        assertEquals("power_of_two", registry.get(SpiType.SCALE_TYPE, "Power_Of_Two", "$.x").name());
    }

    @Test
    void unknownNameListsKnownNames() {
        UnknownPluginException e = assertThrows(UnknownPluginException.class,
                () -> discover(null).get(SpiType.ROUND_MODE, "half_upp", "$.overall_quantize_config.round_mode"));
        assertEquals("$.overall_quantize_config.round_mode: 'half_upp' is not a known round mode. "
                + "Known round modes: ceil, floor, half_down, half_even, half_up, std_round", e.getMessage());
    }

    @Test
    void pluginJarIsDiscoveredInItsOwnClassLoader() throws Exception {
        Path jar = truncJar(pluginsDir().resolve("trunc.jar"), "com.acme.TruncRound", "trunc");
        PluginRegistry registry = discover(jar.getParent());

        RoundMode trunc = registry.get(SpiType.ROUND_MODE, "trunc", "test");
        assertEquals(-2.0f, trunc.round(-2.7f));
        DiscoveredPlugin<?> found = registry.all(SpiType.ROUND_MODE).stream().filter(p -> p.name().equals("trunc")).findFirst().orElseThrow();
        assertFalse(found.origin().builtIn());
        assertEquals(jar.toString(), found.origin().location());

        ClassLoader loader = trunc.getClass().getClassLoader();
        assertInstanceOf(URLClassLoader.class, loader);
        assertEquals("plugin:trunc.jar", loader.getName());
        assertNotSame(PluginDiscoveryTest.class.getClassLoader(), loader);
        // It shares the API with the host, and sees nothing else of it.
        assertEquals(RoundMode.class, Class.forName(RoundMode.class.getName(), false, loader));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(Engine.class.getName(), false, loader));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.google.inject.Guice", false, loader));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.qforge.plugin.roundmode.HalfUpRound", false, loader));
    }

    @Test
    void pluginFolderWithItsOwnLibraryJarIsOnePlugin() throws Exception {
        Path folder = pluginsDir().resolve("acme-rounding");
        PluginJarBuilder builder = new PluginJarBuilder(tmp);
        Path lib = builder.build(folder.resolve("acme-lib.jar"), Map.of("com.acme.lib.Halves",
                "package com.acme.lib; public final class Halves { public static float half(float x) { return x / 2; } }"), Map.of());
        builder.build(folder.resolve("acme-plugin.jar"), Map.of("com.acme.HalvingRound",
                "package com.acme; public final class HalvingRound implements io.qforge.api.RoundMode {\n"
                        + " public String name() { return \"halving\"; }\n"
                        + " public float round(float x) { return (float) Math.floor(com.acme.lib.Halves.half(x)); }\n"
                        + " public ai.djl.ndarray.NDArray round(ai.djl.ndarray.NDArray x) { return x.div(2).floor(); } }"),
                Map.of(ROUND_MODE_SPI, List.of("com.acme.HalvingRound")), lib);

        RoundMode halving = discover(folder.getParent()).get(SpiType.ROUND_MODE, "halving", "test");
        assertEquals(2.0f, halving.round(5f));
        assertEquals("plugin:acme-rounding", halving.getClass().getClassLoader().getName());
    }

    @Test
    void jarReusingABuiltInNameFailsNamingBothOrigins() throws Exception {
        Path jar = truncJar(pluginsDir().resolve("clash.jar"), "com.acme.FakeHalfUp", "half_up");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(jar.getParent()));
        assertTrue(e.getMessage().contains("two round modes claim the name 'half_up'"), e.getMessage());
        assertTrue(e.getMessage().contains("io.qforge.plugin.roundmode.HalfUpRound from built in"), e.getMessage());
        assertTrue(e.getMessage().contains("com.acme.FakeHalfUp from " + jar), e.getMessage());
    }

    @Test
    void twoJarsClaimingOneNameFailNamingBothJars() throws Exception {
        Path first = truncJar(pluginsDir().resolve("a-trunc.jar"), "com.a.Trunc", "trunc");
        Path second = truncJar(pluginsDir().resolve("b-trunc.jar"), "com.b.Trunc", "trunc");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(first.getParent()));
        assertTrue(e.getMessage().contains("com.a.Trunc from " + first), e.getMessage());
        assertTrue(e.getMessage().contains("com.b.Trunc from " + second), e.getMessage());
    }

    @Test
    void aliasClashingWithANameFails() throws Exception {
        Path jar = new PluginJarBuilder(tmp).build(pluginsDir().resolve("alias.jar"), Map.of("com.acme.Pot",
                "package com.acme; public final class Pot implements io.qforge.api.ScaleType {\n"
                        + " public String name() { return \"pot\"; }\n"
                        + " public java.util.Set<String> aliases() { return java.util.Set.of(\"poweroftwo\"); }\n"
                        + " public io.qforge.api.quant.QuantParams fromRange(io.qforge.api.quant.Range r, io.qforge.api.quant.QuantSpec s) { return null; }\n"
                        + " public java.util.List<io.qforge.api.quant.QuantParams> candidates(io.qforge.api.quant.Range r, io.qforge.api.quant.QuantSpec s) { return java.util.List.of(); } }"),
                Map.of(ScaleType.class.getName(), List.of("com.acme.Pot")));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(jar.getParent()));
        assertTrue(e.getMessage().contains("claim the name 'poweroftwo'"), e.getMessage());
    }

    @Test
    void brokenJarFailsNamingTheJar() throws Exception {
        Path broken = pluginsDir().resolve("broken.jar");
        Files.writeString(broken, "this is not a zip file");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(broken.getParent()));
        assertTrue(e.getMessage().startsWith(broken + ": is not a readable jar"), e.getMessage());
    }

    @Test
    void jarWithoutProvidersFailsNamingTheServiceFiles() throws Exception {
        Path empty = PluginJarBuilder.rawJar(pluginsDir().resolve("empty.jar"), Map.of("README.txt", "nothing here"));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(empty.getParent()));
        assertTrue(e.getMessage().startsWith(empty + ": provides no qforge plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("META-INF/services/io.qforge.api.Calibrator"), e.getMessage());
    }

    @Test
    void serviceFileNamingAMissingClassFailsNamingTheJar() throws Exception {
        Path jar = PluginJarBuilder.rawJar(pluginsDir().resolve("ghost.jar"),
                Map.of("META-INF/services/" + ROUND_MODE_SPI, "com.acme.Ghost\n"));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(jar.getParent()));
        assertTrue(e.getMessage().startsWith(jar + ": its round mode plugin could not be loaded"), e.getMessage());
        assertTrue(e.getMessage().contains("com.acme.Ghost"), e.getMessage());
    }

    @Test
    void pluginThatUsesEngineClassesFailsToLoad() throws Exception {
        Path jar = new PluginJarBuilder(tmp).build(pluginsDir().resolve("sneaky.jar"), Map.of("com.acme.Sneaky",
                "package com.acme; public final class Sneaky implements io.qforge.api.RoundMode {\n"
                        + " private final Object engine = io.qforge.engine.Engine.class;\n"
                        + " public String name() { return \"sneaky\"; }\n"
                        + " public float round(float x) { return x; }\n"
                        + " public ai.djl.ndarray.NDArray round(ai.djl.ndarray.NDArray x) { return x; } }"),
                Map.of(ROUND_MODE_SPI, List.of("com.acme.Sneaky")));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(jar.getParent()));
        assertTrue(e.getMessage().startsWith(jar.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("io.qforge.engine.Engine"), e.getMessage());
    }

    @Test
    void badPluginNameIsRejected() throws Exception {
        Path jar = truncJar(pluginsDir().resolve("caps.jar"), "com.acme.Caps", "Half Up");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> discover(jar.getParent()));
        assertTrue(e.getMessage().contains("has the name 'Half Up'"), e.getMessage());
    }

    @Test
    void guiceWiresOneNameKeyedMapPerSpiType() throws Exception {
        truncJar(pluginsDir().resolve("trunc.jar"), "com.acme.TruncRound", "trunc");
        Engine engine = Engine.start(tmp.resolve("plugins"));
        Map<String, RoundMode> roundModes = engine.injector().getInstance(Key.get(new TypeLiteral<Map<String, RoundMode>>() {}));
        assertEquals(List.of("ceil", "floor", "half_down", "half_even", "half_up", "std_round", "trunc"),
                roundModes.keySet().stream().sorted().toList());
        Map<String, ScaleType> scaleTypes = engine.injector().getInstance(Key.get(new TypeLiteral<Map<String, ScaleType>>() {}));
        assertEquals(2, scaleTypes.size());
        assertEquals("half_up", roundModes.get("half_up").name());
    }
}
