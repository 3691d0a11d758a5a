package io.diffood.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One SHA-256 over a directory tree, e.g. a SavedModel: for each regular file, in the order of its relative path
 * ('/'-separated, compared as strings), the path's UTF-8 bytes, a zero byte, the file length as 8 bytes big-endian,
 * then the file's bytes. The separators keep "a" + "bc" apart from "ab" + "c"; the location of the directory
 * does not count. Files named in {@code ignored} (relative paths) are left out.
 */
public final class DirectoryHash {

    private DirectoryHash() {
    }

    public static String sha256(Path dir) {
        return sha256(dir, Set.of());
    }

    public static String sha256(Path dir, Set<String> ignored) {
        MessageDigest digest = Sha256.newDigest();
        try {
            for (Path file : filesByRelativePath(dir)) {
                if (ignored.contains(relativeName(dir, file))) {
                    continue;
                }
                digest.update(relativeName(dir, file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + dir, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> filesByRelativePath(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .sorted((a, b) -> relativeName(dir, a).compareTo(relativeName(dir, b)))
                    .toList();
        }
    }

    private static String relativeName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
