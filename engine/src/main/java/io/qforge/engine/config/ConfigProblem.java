package io.qforge.engine.config;

/**
 * One thing wrong with a config: where (a JSON path such as {@code
 * $.overall_quantize_config.bit_width}) and what, including what would be accepted.
 */
public record ConfigProblem(String path, String message) {}
