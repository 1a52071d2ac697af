package io.qforge.engine.io;

import io.qforge.api.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The advisory lock a command holds on a run folder for as long as it writes there
 * ({@code <run>/.lock}, an OS file lock), so that a second qforge process on the same folder is
 * refused instead of interleaving its stages with the first. The file holds the holder's pid and
 * start time for the refusal message. The OS releases the lock of a killed process, so a lock left
 * by {@code kill -9} is taken over by the next run; {@link #takenOver()} says whose it was.
 *
 * <p>Closing releases the lock and empties the file. When the holder wrote nothing into the
 * folder, closing removes the lock file and every folder the lock created, so a command refused
 * before its first stage leaves nothing behind.
 */
public final class RunFolderLock implements AutoCloseable {

    public static final String FILE = ".lock";

    private final Path runDir;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<Path> created;
    private final String takenOver;

    private RunFolderLock(Path runDir, Path file, FileChannel channel, FileLock lock, List<Path> created, String takenOver) {
        this.runDir = runDir;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
        this.takenOver = takenOver;
    }

    /**
     * Locks {@code runDir}, creating it when missing; refuses with an {@link InvalidInputException}
     * naming the holder when another process (or another command in this JVM) holds it.
     */
    public static RunFolderLock acquire(Path runDir) throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(runDir.toString(), "is a file; the run folder must be a folder (or not exist yet)");
        }
        List<Path> created = missingFolders(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        // A holder that finished with nothing written deletes the file; retry when that happens
        // between opening and locking, so that the lock taken is on the file that is there.
        for (int attempt = 0; ; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Object before = fileKey(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new InvalidInputException(runDir.toString(), "is in use by another qforge command (" + holder
                        + "); two commands writing one run folder would mix their stages. Wait for it to finish, "
                        + "or give another --out or name");
            }
            if (before == null || !before.equals(fileKey(file))) {
                channel.close();
                if (attempt < 5) {
                    continue;
                }
                throw new IOException("the lock file " + file + " keeps being replaced");
            }
            String previous = holder(channel);
            channel.truncate(0);
            String me = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunFolderLock(dir, file, channel, lock, created, previous.isEmpty() ? null : previous);
        }
    }

    /** The holder a killed process left in the lock file, if any: its pid and start time. */
    public String takenOver() {
        return takenOver;
    }

    @Override
    public void close() throws IOException {
        boolean alone = onlyTheLockIn(runDir);
        try {
            if (alone) {
                Files.deleteIfExists(file);
            } else {
                channel.truncate(0);
            }
        } finally {
            lock.release();
            channel.close();
        }
        if (alone) {
            for (Path dir : created) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException inUse) {
                    return;
                }
            }
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 200);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Objects.requireNonNullElse(Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "no file keys here");
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** {@code dir} and its ancestors that do not exist yet, deepest first. */
    private static List<Path> missingFolders(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        return missing;
    }

    private static boolean onlyTheLockIn(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(FILE));
        }
    }
}
