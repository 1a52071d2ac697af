package io.qforge.engine.config;

import io.qforge.api.InvalidInputException;
import java.util.List;

/**
 * A config with problems. The message names the file, then one line per problem with its JSON
 * path, its line and column, what is wrong, and what would be accepted. Bad input: exit code 2.
 */
public final class ConfigException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final transient List<LocatedProblem> problems;

    public ConfigException(List<LocatedProblem> problems) {
        super("", render(problems));
        this.problems = List.copyOf(problems);
    }

    /** A problem with the file it is in and its place there. */
    public record LocatedProblem(String file, String where, ConfigProblem problem) {

        public String path() {
            return problem.path();
        }

        public String message() {
            return problem.message();
        }
    }

    public List<LocatedProblem> problems() {
        return problems;
    }

    private static String render(List<LocatedProblem> problems) {
        StringBuilder b = new StringBuilder();
        b.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in the config:");
        for (LocatedProblem p : problems) {
            b.append("\n  ").append(p.file()).append(": ").append(p.path());
            if (!p.where().isEmpty()) {
                b.append(" (").append(p.where()).append(')');
            }
            b.append(": ").append(p.message());
        }
        return b.toString();
    }
}
