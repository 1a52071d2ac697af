package io.qforge.engine.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.config.run.PreprocessingConfig;
import io.qforge.engine.config.run.PretrainConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the checkpoint of a pretrain recipe lives: a file named by a hash of everything that
 * decides the weights (backbone, recipe, preprocessing, seed), so that a run with the same recipe
 * reuses it and any change makes a new one.
 */
final class PretrainCache {

    /** Bumped when the training code changes what a recipe produces. */
    static final int FORMAT = 1;

    private PretrainCache() {}

    static Path checkpointFor(Path cacheDir, String backbone, PretrainConfig recipe, PreprocessingConfig preprocessing, long seed) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("format", FORMAT);
        key.put("backbone", backbone);
        key.put("recipe", recipe);
        key.put("preprocessing", preprocessing);
        key.put("seed", seed);
        try {
            ObjectMapper canonical = StrictJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
            byte[] json = canonical.writeValueAsString(key).getBytes(StandardCharsets.UTF_8);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
            return cacheDir.resolve("pretrained").resolve(backbone + "-" + hash + ".safetensors");
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a pretrain recipe", e);
        }
    }
}
