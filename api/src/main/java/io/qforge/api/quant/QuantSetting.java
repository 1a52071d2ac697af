package io.qforge.api.quant;

/**
 * The per-tensor settings of Vitis AI's quantization config, with their JSON keys: what a
 * target's rules check, adjust and name in messages.
 */
public enum QuantSetting {
    DATATYPE("datatype"),
    BIT_WIDTH("bit_width"),
    METHOD("method"),
    ROUND_MODE("round_mode"),
    SYMMETRY("symmetry"),
    PER_CHANNEL("per_channel"),
    SIGNED("signed"),
    NARROW_RANGE("narrow_range"),
    SCALE_TYPE("scale_type"),
    CALIB_STATISTIC_METHOD("calib_statistic_method"),
    PERCENTAGE("percentage");

    private final String key;

    QuantSetting(String key) {
        this.key = key;
    }

    /** The JSON key, e.g. {@code round_mode}. */
    public String key() {
        return key;
    }
}
