package io.qforge.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.engine.stage.StageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage's outputs reach the run folder whole or not at all, and the stage record follows. */
class StagingFolderTest {

    @TempDir
    Path tmp;

    @Test
    void commitReplacesTheRunFoldersEntriesAndCloseLeavesNoStaging() throws Exception {
        Path run = tmp.resolve("out/my-run");
        Files.createDirectories(run.resolve("quantized"));
        Files.writeString(run.resolve("quantized/old.json"), "old");
        Path stagingDir;
        try (StagingFolder staging = StagingFolder.open(run, "quantize-compile")) {
            stagingDir = staging.dir();
            assertTrue(stagingDir.getFileName().toString().startsWith("."), "hidden beside the run folder");
            Files.createDirectories(staging.dir().resolve("quantized"));
            Files.writeString(staging.dir().resolve("quantized/new.json"), "new");
            staging.commit(run, List.of("quantized"));
        }
        assertFalse(Files.exists(run.resolve("quantized/old.json")), "the entry is replaced, not merged");
        assertEquals("new", Files.readString(run.resolve("quantized/new.json")));
        assertFalse(Files.exists(stagingDir));
        try (var left = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of("my-run"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedStageLeavesTheRunFolderAsItWas() throws Exception {
        Path run = tmp.resolve("out/my-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("training.json"), "complete");
        assertThrows(IllegalStateException.class, () -> {
            try (StagingFolder staging = StagingFolder.open(run, "train")) {
                Files.writeString(staging.dir().resolve("training.json"), "half");
                throw new IllegalStateException("training failed");
            }
        });
        assertEquals("complete", Files.readString(run.resolve("training.json")));
        try (var left = Files.list(tmp.resolve("out"))) {
            assertEquals(1, left.count(), "no staging folder left");
        }
    }

    @Test
    void leftoversOfAKilledRunAreRemovedWhateverTheirStage() throws Exception {
        Path run = tmp.resolve("out/my-run");
        Files.createDirectories(tmp.resolve("out/.my-run.train.staging/checkpoint"));
        Files.writeString(tmp.resolve("out/.my-run.train.staging/checkpoint/half.safetensors"), "half");
        Files.createDirectories(tmp.resolve("out/.my-run.v2.train.staging"));
        StagingFolder.removeLeftovers(run, List.of("train", "quantize-compile"));
        assertFalse(Files.exists(tmp.resolve("out/.my-run.train.staging")));
        assertTrue(Files.exists(tmp.resolve("out/.my-run.v2.train.staging")), "the run my-run.v2's staging is not ours to remove");
    }

    @Test
    void stageRecordForgetsBeforeAndRecordsAfter() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        StageRecord record = StageRecord.read(run);
        assertFalse(record.matches("train", "k1"));
        record.put("train", "k1");
        assertTrue(StageRecord.read(run).matches("train", "k1"), "written to stages.json");
        record.forget("train");
        assertFalse(StageRecord.read(run).matches("train", "k1"));
        Files.writeString(run.resolve(StageRecord.FILE), "{not json");
        assertFalse(StageRecord.read(run).matches("train", "k1"), "an unreadable record means every stage reruns");
    }
}
