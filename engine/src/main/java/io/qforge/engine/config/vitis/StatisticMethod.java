package io.qforge.engine.config.vitis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Vitis AI's {@code calib_statistic_method}: how per-batch calibration results combine. */
public enum StatisticMethod {
    MODAL,
    MAX,
    MEAN,
    MEDIAN;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
