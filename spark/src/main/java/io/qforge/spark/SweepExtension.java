package io.qforge.spark;

import io.qforge.cli.CommandExtension;

/** Registers {@code qforge sweep} with the command line when the add-on is on the class path. */
public final class SweepExtension implements CommandExtension {

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public Object command() {
        return new SweepCommand();
    }
}
