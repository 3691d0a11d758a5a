package io.diffood.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets one key of a {@code .properties} file in place: other lines, their order and comments stay as they are.
 * The key's line gets a comment line above it ({@code # <key>: <why>}), which replaces the previous such
 * comment, so repeated calibrations do not pile up comments.
 */
public final class PropertyFile {

    private PropertyFile() {
    }

    public static void set(Path file, String key, String value, String comment) throws IOException {
        String marker = "# " + key + ":";
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        List<String> out = new ArrayList<>();
        boolean written = false;
        for (String line : lines) {
            if (line.startsWith(marker)) {
                continue; // the old comment goes with the old value
            }
            if (key.equals(keyOf(line))) {
                if (!written) {
                    out.add(marker + " " + comment);
                    out.add(key + "=" + value);
                    written = true;
                }
                continue; // a later duplicate would override the new value
            }
            out.add(line);
        }
        if (!written) {
            out.add(marker + " " + comment);
            out.add(key + "=" + value);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, out, StandardCharsets.UTF_8);
    }

    /** The key of a property line (before the first '=', ':' or blank), or null for comments and blank lines. */
    static String keyOf(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#") || s.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < s.length() && "=: \t".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, end);
    }
}
