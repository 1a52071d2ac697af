package io.qforge.api.target;

/**
 * Where one node runs and, when it falls off the accelerator, the rule it broke and the fix.
 *
 * @param nodeName the IR node
 * @param device e.g. {@code DPU} or {@code CPU}
 * @param reason the rule broken, or empty when the node runs on the accelerator
 * @param fix what the user can change, or empty
 */
public record NodePlacement(String nodeName, String device, String reason, String fix) {}
