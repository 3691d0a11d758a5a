package io.diffood.tools;

import io.diffood.config.DiffoodConfig;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The function's configuration for command-line tools that run outside Quarkus (evaluation, calibration,
 * benchmarks): the same properties from the same places (application.properties on the class path,
 * config/application.properties in the working directory, system properties, environment), and above them the
 * tool's own {@code --set} overrides.
 */
public final class StandaloneConfig {

    private StandaloneConfig() {
    }

    /** Ranks above system properties (400), so that an override wins over every other source. */
    private static final int OVERRIDE_ORDINAL = 500;

    public static DiffoodConfig load() {
        return load(Map.of());
    }

    public static DiffoodConfig load(Map<String, String> overrides) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDiscoveredConverters()
                .withMapping(DiffoodConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "--set overrides", OVERRIDE_ORDINAL));
        Path local = Path.of("config", "application.properties");
        if (Files.isRegularFile(local)) {
            try {
                URL url = local.toUri().toURL();
                builder.withSources(new PropertiesConfigSource(url, 260));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(DiffoodConfig.class);
    }
}
