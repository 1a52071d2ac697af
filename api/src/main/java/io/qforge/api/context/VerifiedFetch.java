package io.qforge.api.context;

import io.qforge.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * The one implementation of {@link PluginContext#fetch}, used by qforge's engine and by the
 * testkit's context: a published file into the cache, checked by size and SHA-256 before it is
 * moved in with one rename, so the cache never holds a partial or wrong file. A cached copy is
 * checked again on every use.
 */
public final class VerifiedFetch {

    private final Path cacheDir;
    private final boolean offline;

    public VerifiedFetch(Path cacheDir, boolean offline) {
        this.cacheDir = cacheDir;
        this.offline = offline;
    }

    public Path fetch(RemoteFile file) {
        Path cached = cacheDir.resolve(file.cacheName());
        if (Files.isRegularFile(cached)) {
            String problem = problem(file, cached);
            if (problem != null) {
                throw new InvalidInputException(cached.toString(), problem + ". Delete it and run again to download it anew, or put the right file there");
            }
            return cached;
        }
        String how = howToGet(file, cached);
        if (offline) {
            throw new InvalidInputException(file.id(), "is not in qforge's cache, and qforge is offline (QFORGE_OFFLINE=1 or -Dqforge.offline=true). " + how);
        }
        try {
            Files.createDirectories(cached.getParent());
            Path part = Files.createTempFile(cached.getParent(), "." + cached.getFileName(), ".part");
            try {
                try (InputStream in = file.uri().toURL().openStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                String problem = problem(file, part);
                if (problem != null) {
                    throw new InvalidInputException(file.uri().toString(), "was downloaded but " + problem + "; nothing was cached. Try again, or " + how);
                }
                Files.move(part, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return cached;
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.uri().toString(), "could not be downloaded (" + e + "). " + how, e);
        }
    }

    /** "Download URI (N bytes, SHA-256 ...) to FILE": what a user without qforge's network access does instead. */
    private static String howToGet(RemoteFile file, Path cached) {
        StringBuilder b = new StringBuilder("Download ").append(file.uri()).append(" (");
        if (file.bytes() > 0) {
            b.append(file.bytes()).append(" bytes, ");
        }
        b.append("SHA-256 ");
        if (file.digest() == RemoteFile.Digest.OF_GZIP_CONTENT) {
            b.append("of its decompressed content ");
        }
        return b.append(file.sha256()).append(") to ").append(cached).toString();
    }

    /** What is wrong with {@code local} as a copy of {@code file}, or null when it is right. */
    private static String problem(RemoteFile file, Path local) {
        try {
            long size = Files.size(local);
            if (file.bytes() > 0 && size != file.bytes()) {
                return "has " + size + " bytes, not the " + file.bytes() + " of " + file.id();
            }
            String actual = sha256(local, file.digest());
            return actual.equals(file.sha256()) ? null : "has SHA-256 " + actual + ", not the " + file.sha256() + " of " + file.id();
        } catch (IOException e) {
            return "cannot be read as " + file.id() + " (" + e.getMessage() + ")";
        }
    }

    private static String sha256(Path file, RemoteFile.Digest digest) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        InputStream raw = Files.newInputStream(file);
        try (InputStream in = new DigestInputStream(digest == RemoteFile.Digest.OF_GZIP_CONTENT ? new GZIPInputStream(raw) : raw, sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
