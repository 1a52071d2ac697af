package io.qforge.cli;

import io.qforge.api.InvalidInputException;
import io.qforge.engine.compile.DumpDiff;
import io.qforge.engine.compile.GoldenDump;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qforge diff GOLDEN BOARD}: a board's per-layer dump against the golden dumps of {@code
 * qforge compile}. Names, for each image, the first tensor (in graph order) where they part, how
 * many integers differ there and by how much at most, then every tensor that differs. Exit 0 when
 * every dumped tensor is equal, 3 when some differ.
 */
@Command(name = "diff",
        description = {"Compare a board's per-layer int8 dump with the golden dumps qforge compile wrote (<run>/compiled/golden).",
            "Exit 0: every dumped tensor is equal; 3: some differ; 2: bad input."})
final class DiffCommand implements Callable<Integer> {

    static final int DIFFERENT = 3;
    /** How many differing tensors are listed per image. */
    private static final int LISTED = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GOLDEN", description = "The golden folder: <run>/compiled/" + GoldenDump.DIR + ".")
    Path golden;

    @Parameters(index = "1", paramLabel = "BOARD", description = "The board's dump folder, one subfolder per image (0, 1, ...).")
    Path board;

    @Override
    public Integer call() throws Exception {
        DumpDiff.Result result = DumpDiff.compare(golden, board);
        if (result.compared() == 0) {
            throw new InvalidInputException(board.toString(), "holds none of the golden files (e.g. " + result.layers().get(0).image() + "/"
                    + result.layers().get(0).file() + "). Dump with run_on_board.py --dump, or name the files as " + golden + "/"
                    + GoldenDump.MANIFEST + " lists them");
        }
        PrintWriter out = spec.commandLine().getOut();
        long missing = result.layers().stream().filter(DumpDiff.Layer::missing).count();
        out.printf(Locale.ROOT, "compared %d tensor dumps (%d golden ones not in %s)%n", result.compared(), missing, board);
        List<DumpDiff.Layer> first = result.firstDivergences();
        if (first.isEmpty()) {
            out.println("every dumped tensor is equal to the golden one");
            out.flush();
            return 0;
        }
        for (DumpDiff.Layer f : first) {
            out.printf(Locale.ROOT, "image %d: first diverging tensor %s (%s): %d of %d values differ, by up to %d%n", f.image(), f.tensor(),
                    f.file(), f.differing(), f.values(), f.largestDifference());
            List<DumpDiff.Layer> differing = result.layers().stream().filter(l -> l.image() == f.image() && l.differs()).toList();
            differing.stream().limit(LISTED).forEach(l -> out.printf(Locale.ROOT, "  %s: %d of %d differ, by up to %d%n", l.tensor(),
                    l.differing(), l.values(), l.largestDifference()));
            if (differing.size() > LISTED) {
                out.printf(Locale.ROOT, "  ... %d more tensors differ%n", differing.size() - LISTED);
            }
        }
        out.flush();
        return DIFFERENT;
    }
}
