package io.qforge.cli;

import io.qforge.api.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code qforge sweep} when the Spark add-on is not installed: says how to get it instead of "unknown command". */
@Command(name = "sweep", description = {"Run a sweep of configs on Apache Spark. Needs the Spark add-on (lib/spark/), which this",
    "distribution does not have; see docs/scale-out.md."})
final class MissingAddOnCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> ignored;

    @Override
    public Integer call() {
        throw new InvalidInputException("sweep", "runs on Apache Spark, which the default distribution leaves out to stay small. "
                + "Unpack qforge-spark-<version>-addon.tar.gz (built in spark/target/) over this distribution, which adds lib/spark/, "
                + "then run qforge sweep again; docs/scale-out.md has the details");
    }
}
