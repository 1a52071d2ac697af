package io.qforge.engine.plugin;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time: compiles Java sources with the JDK's compiler against the
 * test class path, then packs the classes and service files into a jar.
 */
public final class PluginJarBuilder {

    private final Path workDir;

    public PluginJarBuilder(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Compiles {@code sources} (class name to source text) and writes {@code jar} with the classes
     * and {@code services} (service interface to provider class names). {@code libraries} join the
     * compile class path.
     */
    public Path build(Path jar, Map<String, String> sources, Map<String, List<String>> services, Path... libraries) throws IOException {
        Path src = Files.createTempDirectory(workDir, "src");
        Path classes = Files.createTempDirectory(workDir, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none"));
        StringBuilder classpath = new StringBuilder(System.getProperty("java.class.path"));
        for (Path lib : libraries) {
            classpath.append(java.io.File.pathSeparator).append(lib);
        }
        args.addAll(List.of("-classpath", classpath.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin sources did not compile");
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            for (Map.Entry<String, List<String>> s : services.entrySet()) {
                put(out, "META-INF/services/" + s.getKey(), (String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /** A jar with the given entries and no classes. */
    public static Path rawJar(Path jar, Map<String, String> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                put(out, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }

    /** Source of a round mode plugin called {@code name} that truncates toward zero. */
    public static String truncatingRoundMode(String className, String name) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "public final class " + className.substring(dot + 1) + " implements io.qforge.api.RoundMode {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public float round(float x) { return (float) (x < 0 ? Math.ceil(x) : Math.floor(x)); }\n"
                + "  public ai.djl.ndarray.NDArray round(ai.djl.ndarray.NDArray x) { return x.trunc(); }\n"
                + "}\n";
    }
}
