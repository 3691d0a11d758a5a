package io.diffood.detect;

import java.util.Map;

/**
 * The text of a {@code .properties} manifest in a fixed form: one header line, keys sorted, no date comment (so
 * equal bundles give equal bytes), UTF-8, escaped as far as {@link java.util.Properties#load} needs it and no further,
 * so that values such as commands stay readable.
 */
final class ManifestText {

    private ManifestText() {
    }

    static String format(Map<String, String> sortedEntries) {
        StringBuilder text = new StringBuilder("# diffood OOD bundle, see docs/ood-bundle.md\n");
        sortedEntries.forEach((key, value) -> text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
        return text.toString();
    }

    /** In a key, separators and comment marks need a backslash too; in a value only a leading blank does. */
    static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ', '=', ':', '#', '!' -> {
                    if (key || (i == 0 && c == ' ')) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c)); // control characters, and surrogates so that even an unpaired one survives
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
