package io.qforge.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import io.qforge.api.RoundMode;
import io.qforge.api.context.PluginContext;
import io.qforge.api.context.RemoteFile;
import io.qforge.engine.Engine;
import io.qforge.engine.QforgeSettings;
import io.qforge.engine.io.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context the engine hands plugins: its settings, and the verified fetch on files made here (nothing goes to the internet). */
class PluginContextTest {

    @TempDir
    Path tmp;

    private PluginContext context(boolean offline) {
        QforgeSettings settings = new QforgeSettings(tmp.resolve("cache"), offline, Optional.of(tmp.resolve("data")), List.of(tmp.resolve("bin")));
        return Engine.start(null, settings).get(PluginContext.class);
    }

    private RemoteFile published(Path file, long bytes, String sha256) {
        return new RemoteFile("test/net", file.toUri(), "weights/net.safetensors", bytes, sha256, RemoteFile.Digest.OF_FILE);
    }

    @Test
    void settingsComeFromPropertiesThenEnvironmentThenDefaults() {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/u");
        QforgeSettings defaults = QforgeSettings.of(p, Map.of());
        assertEquals(Path.of("/home/u/.cache/qforge"), defaults.cacheDir());
        assertFalse(defaults.offline());
        assertEquals(Optional.empty(), defaults.dataDir());
        QforgeSettings env = QforgeSettings.of(p, Map.of("QFORGE_CACHE", "/env/cache", "QFORGE_OFFLINE", "1", "QFORGE_DATA", "/env/data",
                "PATH", "/a:/b"));
        assertEquals(Path.of("/env/cache"), env.cacheDir());
        assertTrue(env.offline());
        assertEquals(Optional.of(Path.of("/env/data")), env.dataDir());
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), env.path());
        p.setProperty("qforge.cache", "/prop/cache");
        p.setProperty("qforge.data", "/prop/data");
        QforgeSettings both = QforgeSettings.of(p, Map.of("QFORGE_CACHE", "/env/cache", "QFORGE_DATA", "/env/data"));
        assertEquals(Path.of("/prop/cache"), both.cacheDir(), "-Dqforge.cache wins over $QFORGE_CACHE");
        assertEquals(Optional.of(Path.of("/prop/data")), both.dataDir());
    }

    @Test
    void contextCarriesTheSettingsAndFindsPrograms() throws Exception {
        PluginContext c = context(true);
        assertEquals(tmp.resolve("cache"), c.cacheDir());
        assertTrue(c.offline());
        assertEquals(Optional.of(tmp.resolve("data")), c.dataDir());
        assertEquals(Optional.empty(), c.executable("vai_c_xir"));
        Path program = Files.createDirectories(tmp.resolve("bin")).resolve("vai_c_xir");
        Files.writeString(program, "#!/bin/sh\n");
        program.toFile().setExecutable(true);
        assertEquals(Optional.of(program), c.executable("vai_c_xir"));
        assertTrue(c.plugins().find(RoundMode.class, "HALF_UP").isPresent(), "the installed plugins, found by name ignoring case");
    }

    @Test
    void downloadIsCheckedThenCached() throws Exception {
        Path file = Files.writeString(tmp.resolve("published"), "hello");
        Path cached = context(false).fetch(published(file, 5, Sha256.ofFile(file)));
        assertEquals(tmp.resolve("cache/weights/net.safetensors"), cached);
        assertEquals("hello", Files.readString(cached));
        Files.delete(file);
        assertEquals(cached, context(true).fetch(published(file, 5, Sha256.ofFile(cached))), "an intact cached copy is used, offline too");
    }

    @Test
    void damagedCacheFileIsRejectedWithBothChecksums() throws Exception {
        Path file = Files.writeString(tmp.resolve("published"), "hello");
        Files.createDirectories(tmp.resolve("cache/weights"));
        Files.writeString(tmp.resolve("cache/weights/net.safetensors"), "hellO");
        String e = assertThrows(InvalidInputException.class, () -> context(true).fetch(published(file, 0, Sha256.ofFile(file)))).getMessage();
        assertTrue(e.contains("has SHA-256 ") && e.contains(", not the " + Sha256.ofFile(file)) && e.contains("Delete it"), e);
    }

    @Test
    void offlineWithoutCacheSaysWhereToPutTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("published"), "hello");
        String e = assertThrows(InvalidInputException.class, () -> context(true).fetch(published(file, 5, Sha256.ofFile(file)))).getMessage();
        assertTrue(e.contains("qforge is offline") && e.contains("(5 bytes, SHA-256 ") && e.contains(tmp.resolve("cache/weights/net.safetensors").toString()), e);
    }

    @Test
    void downloadWithTheWrongSizeOrChecksumLeavesNothingBehind() throws Exception {
        Path file = Files.writeString(tmp.resolve("published"), "hello");
        String size = assertThrows(InvalidInputException.class, () -> context(false).fetch(published(file, 6, Sha256.ofFile(file)))).getMessage();
        assertTrue(size.contains("has 5 bytes, not the 6"), size);
        String sha = assertThrows(InvalidInputException.class, () -> context(false).fetch(published(file, 5, "0".repeat(64)))).getMessage();
        assertTrue(sha.contains("was downloaded but has SHA-256"), sha);
        try (var files = Files.list(tmp.resolve("cache/weights"))) {
            assertFalse(files.findAny().isPresent(), "nothing cached, no partial file");
        }
    }

    @Test
    void gzipContentIsCheckedDecompressed() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain"), "labels");
        Path gz = tmp.resolve("labels.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("labels".getBytes());
        }
        RemoteFile f = new RemoteFile("labels", gz.toUri(), "datasets/x/labels.gz", 0, Sha256.ofFile(plain), RemoteFile.Digest.OF_GZIP_CONTENT);
        assertTrue(Files.isRegularFile(context(false).fetch(f)));
    }
}
