package io.qforge.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.QuantSpec;
import io.qforge.api.quant.TensorKind;
import io.qforge.engine.fixtures.TestEngine;
import io.qforge.engine.io.JsonFiles;
import io.qforge.engine.rules.SpecResolution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** quant_params.json records each tensor's spec and params so that quantized/ loads back to the same ones. */
class QuantParamsEntryTest {

    private static QuantParamsEntry roundTrip(QuantSpec spec, QuantParams params) throws Exception {
        QuantTensor t = new QuantTensor("t", spec.kind(), "n", TestEngine.ENGINE.get(SpecResolution.class).resolve(spec, "$"), null);
        String json = JsonFiles.MAPPER.writeValueAsString(List.of(QuantParamsEntry.of(t, params)));
        return JsonFiles.MAPPER.readValue(json, new TypeReference<List<QuantParamsEntry>>() {}).get(0);
    }

    @Test
    void perTensorFixPositionsFloatScalesAndPerChannelParamsReadBack() throws Exception {
        QuantSpec dpu = new QuantSpec(TensorKind.ACTIVATION, 8, "diffs", "half_up", "power_of_two", true, false, true, false, "modal", 99.99);
        QuantParams fix = QuantParams.fixPosition(5, -128, 127);
        QuantParamsEntry e = roundTrip(dpu, fix);
        assertEquals(dpu, e.spec());
        assertEquals(fix, e.params());
        assertNull(e.axis(), "per tensor: no axis written");

        QuantSpec cpu = new QuantSpec(TensorKind.WEIGHTS, 8, "maxmin", "half_even", "float", false, true, false, false, "max", 99.9);
        QuantParams channels = QuantParams.perChannel(new QuantParams[] {QuantParams.affine(0.25f, 3, 0, 255), QuantParams.affine(0.5f, 7, 0, 255)}, 0);
        QuantParamsEntry c = roundTrip(cpu, channels);
        assertEquals(cpu, c.spec());
        assertEquals(channels, c.params());
        assertEquals(0, c.axis());
    }
}
