package io.diffood.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The function's settings read outside Quarkus — before it has booted (the early start) and in the command-line
 * tools: the same sources in the same order (system properties 400, environment 300, config/application.properties in
 * the working directory 260, application.properties on the class path 250) and the active profile, with a tool's
 * {@code --set} overrides above them all. For the early start only a guess at what Quarkus will read: whatever is
 * prepared with it is checked against Quarkus' own configuration before it is used.
 */
public final class StandaloneConfig {

    /** Ranks above system properties (400), so that an override wins over every other source. */
    private static final int OVERRIDE_ORDINAL = 500;

    private StandaloneConfig() {
    }

    public static DiffoodConfig read() {
        return read(Map.of());
    }

    public static DiffoodConfig read(Map<String, String> overrides) {
        String profile = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withProfile(profile.toLowerCase(Locale.ROOT))
                .withMapping(DiffoodConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "--set overrides", OVERRIDE_ORDINAL));
        try {
            URL packaged = StandaloneConfig.class.getClassLoader().getResource("application.properties");
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(DiffoodConfig.class);
    }
}
