package io.facefuse.localdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Points the datasource at a local PostgreSQL when no database URL is configured and
 * {@code facefuse.local-database.enabled} is true (the dev and test profiles). A configured URL
 * always wins, so a deployed function never starts a server of its own.
 */
public class LocalPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 150; // below application.properties (250): explicit URLs win

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!"true".equals(valueOf(context, "facefuse.local-database.enabled"))
                || valueOf(context, "quarkus.datasource.reactive.url") != null
                || valueOf(context, "quarkus.datasource.jdbc.url") != null) {
            return List.of();
        }
        int port = LocalPostgres.ensureStarted(valueOf(context, "facefuse.local-database.data-directory"));
        String hostAndDb = "localhost:" + port + "/postgres";
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostAndDb,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndDb,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"), "facefuse-local-postgres", ORDINAL));
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
