package io.diffood.tools;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --set property=value}: one of the function's settings for this run of a tool (the exec plugin does not
 * forward {@code -D} options), above every other configuration source.
 */
public final class ConfigOverrides {

    @Option(names = "--set", description = "override one configuration property for this run: property=value")
    Map<String, String> values = new LinkedHashMap<>();

    public Map<String, String> values() {
        return values;
    }
}
