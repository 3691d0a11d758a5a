package io.diffood.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --key value} options and {@code --flag}s of the evaluation commands, plus any number of
 * {@code --set property=value} configuration overrides (the exec plugin does not forward -D options to the
 * command, so model paths and DDP settings for one run are given this way).
 */
final class CommandLine {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private CommandLine() {
    }

    static CommandLine parse(String[] args, Set<String> keys, Set<String> flags, String usage) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (key != null && flags.contains(key)) {
                line.values.put(key, "true");
            } else if (key != null && (keys.contains(key) || key.equals("set")) && i + 1 < args.length) {
                String value = args[++i];
                if (key.equals("set")) {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set takes property=value, not '" + value + "'\n" + usage);
                    }
                    line.overrides.put(value.substring(0, eq), value.substring(eq + 1));
                } else {
                    line.values.put(key, value);
                }
            } else {
                throw new IllegalArgumentException("bad argument '" + args[i] + "'\n" + usage);
            }
        }
        return line;
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int getInt(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    long getLong(String key, long fallback) {
        return values.containsKey(key) ? Long.parseLong(values.get(key)) : fallback;
    }

    double getDouble(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }

    boolean flag(String key) {
        return values.containsKey(key);
    }

    /** The {@code --set} overrides, in order. */
    Map<String, String> overrides() {
        return overrides;
    }
}
