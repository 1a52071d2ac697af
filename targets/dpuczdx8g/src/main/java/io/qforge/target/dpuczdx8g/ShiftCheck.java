package io.qforge.target.dpuczdx8g;

import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Node;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.target.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before export, the {@link ShiftLimits} on every conv-like layer. The target's own params pass
 * ({@link ShiftLimitsPass}) makes them hold during quantization; a model quantized for another
 * target may break them, and is refused here with every layer named.
 */
final class ShiftCheck {

    private ShiftCheck() {}

    static void require(QuantizedModel model) {
        List<String> broken = new ArrayList<>();
        for (Node node : model.graph().nodes()) {
            if (!ShiftLimitsPass.CONV_LIKE.contains(node.op())) {
                continue;
            }
            Map<String, QuantParams> p = model.quantParams();
            Integer in = ShiftLimitsPass.fix(p, model.quantizedSource(node.inputs().get(0)));
            Integer w = ShiftLimitsPass.fix(p, node.param("weight"));
            Integer out = ShiftLimitsPass.fix(p, model.outputTensor(node));
            if (in == null || w == null || out == null) {
                continue;
            }
            int cut = w + in - out;
            if (!ShiftLimits.cutInRange(cut)) {
                broken.add(node.name() + ": shift_cut " + cut + " outside [0, " + ShiftLimits.MAX_SHIFT + "]");
                continue;
            }
            Integer b = ShiftLimitsPass.fix(p, node.param("bias"));
            if (b != null && !ShiftLimits.biasInRange(w + in - b, cut)) {
                broken.add(node.name() + ": shift_bias " + (w + in - b) + " outside " + ShiftLimits.biasRange(cut));
            }
        }
        if (!broken.isEmpty()) {
            throw new InvalidInputException("$.quantization.target_device", "the quantized model breaks the DPU's shifter limits: "
                    + String.join("; ", broken) + ". Quantize for the dpuczdx8g target, whose quantization moves fix positions until they hold");
        }
    }
}
