package io.qforge.target.onnxruntime;

import io.qforge.api.InvalidInputException;

/**
 * Rounds a weight onto its integer grid at export, by the tensor's round mode as qforge's
 * simulation does (REFERENCE.md §3), so that the int8 weights in the file are the simulation's.
 */
final class Rounding {

    private Rounding() {}

    /** {@code x} is x / scale computed in float32, as the quantizer computes it. */
    static double round(float x, String mode) {
        double d = x;
        return switch (mode) {
            case "half_even" -> Math.rint(d);
            case "half_up" -> Math.floor(d + 0.5);
            case "std_round" -> Math.copySign(Math.floor(Math.abs(d) + 0.5), d);
            case "half_down" -> Math.copySign(Math.ceil(Math.abs(d) - 0.5), d);
            default -> throw new InvalidInputException(mode, "is not a round mode the ONNX export knows. Allowed: half_even, half_up, std_round, half_down");
        };
    }
}
