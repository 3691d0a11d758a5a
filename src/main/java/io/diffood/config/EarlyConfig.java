package io.diffood.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The function's settings read before Quarkus has booted, for the early start: the same sources in the same order
 * (system properties 400, environment 300, config/application.properties in the working directory 260,
 * application.properties on the class path 250) and the active profile. Only a guess at what Quarkus will read:
 * whatever is prepared with it is checked against Quarkus' own configuration before it is used.
 */
public final class EarlyConfig {

    private EarlyConfig() {
    }

    public static DiffoodConfig read() throws IOException {
        String profile = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withProfile(profile.toLowerCase(Locale.ROOT))
                .withMapping(DiffoodConfig.class);
        URL packaged = EarlyConfig.class.getClassLoader().getResource("application.properties");
        if (packaged != null) {
            builder.withSources(new PropertiesConfigSource(packaged, 250));
        }
        Path local = Path.of("config", "application.properties");
        if (Files.isRegularFile(local)) {
            builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(DiffoodConfig.class);
    }
}
