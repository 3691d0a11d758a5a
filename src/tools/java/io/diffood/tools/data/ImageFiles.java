package io.diffood.tools.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of a folder or of a {@code .tar.gz} (read as a stream, never unpacked to disk), in path order, with
 * the folders they sit in. Image files (PNG/JPEG by name) keep their bytes; other files are only named, so that
 * a reader can count what it skipped. The digest covers every path and image byte, in order: the data source's
 * checksum for model cards.
 */
public record ImageFiles(String source, List<Entry> images, List<String> otherFiles, TreeSet<String> folders,
        String sha256) {

    /** One image file: its path inside the source ('/'-separated) and its bytes. */
    public record Entry(String path, byte[] bytes) {
    }

    public static boolean isArchive(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    public static ImageFiles read(Path source) throws IOException {
        if (!Files.exists(source)) {
            throw new DataException(source + " does not exist");
        }
        List<Entry> images = new ArrayList<>();
        List<String> others = new ArrayList<>();
        TreeSet<String> folders = new TreeSet<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                    String rel = source.relativize(p).toString().replace('\\', '/');
                    if (rel.isEmpty()) {
                        continue;
                    }
                    if (Files.isDirectory(p)) {
                        folders.add(rel);
                    } else if (isImage(rel)) {
                        images.add(new Entry(rel, Files.readAllBytes(p)));
                    } else {
                        others.add(rel);
                    }
                }
            }
        } else if (isArchive(source)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(source));
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = entry.getName().replaceAll("^\\./", "").replaceAll("/$", "");
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (entry.isDirectory()) {
                        folders.add(name);
                    } else if (entry.isFile()) {
                        addParents(folders, name);
                        if (isImage(name)) {
                            images.add(new Entry(name, tar.readAllBytes()));
                        } else {
                            others.add(name);
                        }
                    }
                }
            } catch (IOException e) {
                throw new DataException(source + " is not a readable .tar.gz: " + e.getMessage());
            }
            images.sort(Comparator.comparing(Entry::path));
            others.sort(Comparator.naturalOrder());
        } else {
            throw new DataException(source + " is neither a folder nor a .tar.gz");
        }
        return new ImageFiles(source.toString(), List.copyOf(images), List.copyOf(others), folders, digest(images));
    }

    private static void addParents(TreeSet<String> folders, String file) {
        for (int slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
            folders.add(file.substring(0, slash));
        }
    }

    static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    private static String digest(List<Entry> images) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Entry e : images) {
                digest.update(e.path().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(e.bytes());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
