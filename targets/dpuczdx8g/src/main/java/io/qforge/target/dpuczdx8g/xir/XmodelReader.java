package io.qforge.target.dpuczdx8g.xir;

import com.google.protobuf.InvalidProtocolBufferException;
import io.qforge.api.InvalidInputException;
import io.qforge.api.graph.Graph;
import io.qforge.target.dpuczdx8g.xir.XirProto.AttrValue;
import io.qforge.target.dpuczdx8g.xir.XirProto.OPNode;
import io.qforge.target.dpuczdx8g.xir.XirProto.SubGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an .xmodel file, quantized (as qforge and {@code vai_q_pytorch} write it) or compiled (as
 * {@code vai_c_xir} writes it), into its ops and the DPU fingerprints of its subgraphs.
 */
public final class XmodelReader {

    /** What an xmodel holds. */
    public record Xmodel(String name, List<XirOp> ops, List<String> returnOps, Set<Long> dpuFingerprints) {

        public XirOp op(String opName) {
            return ops.stream().filter(o -> o.name().equals(opName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no op " + opName + " in " + name));
        }

        /** How many ops of each type, in order of first appearance. */
        public Map<String, Integer> typeCounts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            ops.forEach(o -> counts.merge(o.type(), 1, Integer::sum));
            return counts;
        }
    }

    /** The largest xmodel read, 1 GiB: far above a compiled CNN (tens of MB), far below what one Java array holds. */
    static final long MAX_BYTES = 1L << 30;

    private XmodelReader() {}

    public static Xmodel read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InvalidInputException(file.toString(), "is " + size + " bytes long, more than the " + MAX_BYTES
                    + " bytes qforge reads as an xmodel");
        }
        XirProto.Graph g;
        try {
            g = XirProto.Graph.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            // Protobuf's own message names its internals; the user needs to know the file is not an xmodel.
            throw new InvalidInputException(file.toString(), "is not an XIR xmodel: its " + size
                    + " bytes do not parse as a serial_v2.Graph protobuf. The file is damaged or of another kind");
        }
        if (g.getOpNodeCount() == 0) {
            throw new InvalidInputException(file.toString(), "holds no XIR ops; an xmodel has at least a data op");
        }
        return of(g);
    }

    public static Xmodel of(XirProto.Graph g) {
        List<XirOp> ops = new ArrayList<>();
        for (OPNode n : g.getOpNodeList()) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            n.getOpAttrMap().forEach((k, v) -> attrs.put(k, XirAttrs.value(v)));
            Map<String, List<String>> args = new LinkedHashMap<>();
            n.getArgsList().forEach(a -> args.put(a.getArgName(), List.copyOf(a.getArgOpsList())));
            List<Integer> dims = n.getOutputTensor().getTensorDimList();
            ops.add(new XirOp(n.getOpName(), n.getOpType(), attrs, args, dims));
        }
        AttrValue returns = g.getGraphAttrMap().get("return_ops");
        List<String> returnOps = returns == null ? List.of() : List.copyOf(returns.getStringVecValue().getValueList());
        Set<Long> fingerprints = new LinkedHashSet<>();
        collectFingerprints(g.getSubgRoot(), fingerprints);
        return new Xmodel(g.getGraphName(), ops, returnOps, fingerprints);
    }

    private static void collectFingerprints(SubGraph s, Set<Long> out) {
        AttrValue fp = s.getSubgAttrMap().get("dpu_fingerprint");
        if (fp != null) {
            out.add(fp.getUint64Value());
        }
        s.getSubgChildList().forEach(c -> collectFingerprints(c, out));
    }
}
