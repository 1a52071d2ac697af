package io.qforge.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qforge.api.InvalidInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondHolderIsRefusedWithTheFirstsPidUntilItReleases() throws Exception {
        Path run = tmp.resolve("out/run");
        try (RunFolderLock first = RunFolderLock.acquire(run)) {
            assertNull(first.takenOver());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunFolderLock.acquire(run));
            assertEquals(run.toString(), e.location());
            assertTrue(e.detail().startsWith("is in use by another qforge command (pid " + ProcessHandle.current().pid() + ", started "), e.detail());
            Files.writeString(run.resolve("stages.json"), "{}");
        }
        try (RunFolderLock again = RunFolderLock.acquire(run)) {
            assertNull(again.takenOver(), "a released lock is not a killed holder's");
        }
        assertEquals("", Files.readString(run.resolve(RunFolderLock.FILE)), "a folder with outputs keeps an empty lock file");
    }

    @Test
    void aHolderThatWroteNothingLeavesNothingBehind() throws Exception {
        Path run = tmp.resolve("a/b/run");
        RunFolderLock.acquire(run).close();
        assertFalse(Files.exists(tmp.resolve("a")), "the folders the lock made are gone");
    }

    @Test
    void aRunFolderThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("run"), "x");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunFolderLock.acquire(file));
        assertTrue(e.detail().startsWith("is a file"), e.detail());
    }

    /** A real second process holds the lock, then is killed with SIGKILL: its lock is refused while it lives and taken over after. */
    @Test
    void theLockOfAKilledProcessIsTakenOver() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("stages.json"), "{}");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), run.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            InvalidInputException busy = assertThrows(InvalidInputException.class, () -> RunFolderLock.acquire(run));
            assertTrue(busy.detail().contains("(pid " + holder.pid() + ", started "), busy.detail());
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunFolderLock mine = RunFolderLock.acquire(run)) {
            assertTrue(mine.takenOver() != null && mine.takenOver().startsWith("pid " + holder.pid() + ", started "), mine.takenOver());
        }
        assertEquals(List.of(".lock", "stages.json"), Files.list(run).map(p -> p.getFileName().toString()).sorted().toList());
    }

    /** The other process of {@link #theLockOfAKilledProcessIsTakenOver}: locks the folder and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            RunFolderLock lock = RunFolderLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
            lock.close();
        }
    }
}
