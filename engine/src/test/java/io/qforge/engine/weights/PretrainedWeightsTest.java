package io.qforge.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache and download logic, on files made here: nothing is fetched from the internet. */
class PretrainedWeightsTest {

    @TempDir
    Path tmp;

    private PretrainedWeights.Source source(Path published) {
        return new PretrainedWeights.Source("test/net", published.toUri(), PretrainedWeights.sha256(published), 5, "net.safetensors");
    }

    @Test
    void publishedResnet18IsPinnedWithItsChecksum() {
        PretrainedWeights.Source s = PretrainedWeights.IMAGENET.get("resnet18");
        assertEquals(64, s.sha256().length());
        assertTrue(s.uri().toString().contains("resnet18.tv_in1k/resolve/bbd144b3"), s.uri().toString());
    }

    @Test
    void intactCacheFileIsUsed() throws Exception {
        Path published = Files.writeString(tmp.resolve("published"), "hello");
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.copy(published, cache.resolve("net.safetensors"));
        PretrainedWeights w = new PretrainedWeights(cache, true, Map.of("net", source(published)));
        assertEquals(cache.resolve("net.safetensors"), w.resolve("net"));
    }

    @Test
    void damagedCacheFileIsRejectedWithBothChecksums() throws Exception {
        Path published = Files.writeString(tmp.resolve("published"), "hello");
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve("net.safetensors"), "hellO");
        PretrainedWeights w = new PretrainedWeights(cache, true, Map.of("net", source(published)));
        String e = assertThrows(WeightFileException.class, () -> w.resolve("net")).getMessage();
        assertTrue(e.contains("has SHA-256 ") && e.contains(", not the " + PretrainedWeights.sha256(published)), e);
    }

    @Test
    void offlineWithoutCacheSaysWhereToPutTheFile() throws Exception {
        Path published = Files.writeString(tmp.resolve("published"), "hello");
        PretrainedWeights w = new PretrainedWeights(tmp.resolve("cache"), true, Map.of("net", source(published)));
        String e = assertThrows(WeightFileException.class, () -> w.resolve("net")).getMessage();
        assertTrue(e.contains("not in the cache and qforge is offline") && e.contains(tmp.resolve("cache/net.safetensors").toString()), e);
    }

    @Test
    void downloadIsCheckedThenCached() throws Exception {
        Path published = Files.writeString(tmp.resolve("published"), "hello");
        PretrainedWeights w = new PretrainedWeights(tmp.resolve("cache"), false, Map.of("net", source(published)));
        Path cached = w.resolve("net");
        assertEquals("hello", Files.readString(cached));
    }

    @Test
    void downloadWithTheWrongChecksumLeavesNothingBehind() throws Exception {
        Path published = Files.writeString(tmp.resolve("published"), "hello");
        PretrainedWeights.Source wrong = new PretrainedWeights.Source("test/net", published.toUri(), "0".repeat(64), 5, "net.safetensors");
        Path cache = tmp.resolve("cache");
        PretrainedWeights w = new PretrainedWeights(cache, false, Map.of("net", wrong));
        String e = assertThrows(WeightFileException.class, () -> w.resolve("net")).getMessage();
        assertTrue(e.contains("downloaded with SHA-256"), e);
        try (var files = Files.list(cache)) {
            assertFalse(files.findAny().isPresent(), "nothing cached, no partial file");
        }
    }

    @Test
    void unknownBackboneListsTheKnownOnes() {
        PretrainedWeights w = new PretrainedWeights(tmp, true, PretrainedWeights.IMAGENET);
        assertTrue(assertThrows(WeightFileException.class, () -> w.resolve("vgg11")).getMessage().contains("Known: [resnet18]"));
    }
}
