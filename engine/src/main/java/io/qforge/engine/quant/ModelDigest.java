package io.qforge.engine.quant;

import ai.djl.ndarray.NDArray;
import io.qforge.api.graph.Graph;
import io.qforge.api.graph.Parameters;
import io.qforge.engine.io.GraphJson;
import io.qforge.engine.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * A hash of a model as calibration sees it: the graph and every parameter's name, shape, type and
 * bytes. Processes that rebuild the model compare it with the driver's, so that a worker running
 * another qforge version or other plugins fails instead of observing a different model.
 */
public final class ModelDigest {

    private ModelDigest() {}

    public static String of(Graph graph, Parameters parameters) {
        MessageDigest digest = Sha256.digest();
        digest.update(GraphJson.write(graph).toString().getBytes(StandardCharsets.UTF_8));
        for (String name : new TreeSet<>(parameters.names())) {
            NDArray value = parameters.get(name);
            digest.update((name + value.getShape() + value.getDataType()).getBytes(StandardCharsets.UTF_8));
            digest.update(value.toByteArray());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
