package io.qforge.api.target;

import java.nio.file.Path;
import java.util.List;

/** The files a target wrote, and what it wants the user to know about them. */
public record CompiledArtifacts(List<Path> files, List<String> messages) {

    public CompiledArtifacts {
        files = List.copyOf(files);
        messages = List.copyOf(messages);
    }
}
