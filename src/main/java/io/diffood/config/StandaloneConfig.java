package io.diffood.config;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The function's configuration for command-line tools that run outside Quarkus (evaluation, calibration,
 * benchmarks): the same properties from the same places (application.properties on the class path,
 * config/application.properties in the working directory, system properties, environment).
 */
public final class StandaloneConfig {

    private StandaloneConfig() {
    }

    public static DiffoodConfig load() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDiscoveredConverters()
                .withMapping(DiffoodConfig.class);
        Path local = Path.of("config", "application.properties");
        if (Files.isRegularFile(local)) {
            try {
                URL url = local.toUri().toURL();
                builder.withSources(new io.smallrye.config.PropertiesConfigSource(url, 260));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(DiffoodConfig.class);
    }
}
