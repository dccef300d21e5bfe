package io.facefuse.database;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.smallrye.config.ConfigMapping;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * After a migration, gives each function's database role (V20__function_roles.sql) its login and
 * the password from that function's secret, so a deployed function connects as its own role and
 * the database enforces what it may touch. Only the migrate step migrates, so only it holds these
 * passwords: {@code facefuse.database.role-passwords.<role>}, filled from the role secrets
 * (io.facefuse.aws.SecretsConfigSourceFactory). Run again each release, it also rotates them.
 */
@Singleton
public class FunctionRoles implements FlywayConfigurationCustomizer {

    /** The roles a password may be set for: never the migrating user or anyone else. */
    static final Set<String> ROLES = Set.of("facefuse_fusion", "facefuse_moderation", "facefuse_labelling");

    private static final Logger LOG = Logger.getLogger(FunctionRoles.class);

    @ConfigMapping(prefix = "facefuse.database")
    public interface Config {
        /** Role name to password; empty where functions share the migrating user (dev, tests). */
        Map<String, String> rolePasswords();
    }

    private final Config config;

    FunctionRoles(Config config) {
        this.config = config;
    }

    @Override
    public void customize(FluentConfiguration flyway) {
        Map<String, String> passwords = new TreeMap<>(config.rolePasswords());
        for (String role : passwords.keySet()) {
            if (!ROLES.contains(role)) {
                throw new IllegalStateException("facefuse.database.role-passwords names " + role
                        + ", which is not a function role " + ROLES);
            }
        }
        if (!passwords.isEmpty()) {
            flyway.callbacks(new SetPasswords(passwords));
        }
    }

    /** The Flyway callback: ALTER ROLE … LOGIN PASSWORD, with the statement quoted by the server. */
    record SetPasswords(Map<String, String> passwords) implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            Connection connection = context.getConnection();
            try (PreparedStatement quote = connection.prepareStatement(
                    "select format('alter role %I login password %L', ?, ?)");
                 Statement alter = connection.createStatement()) {
                for (Map.Entry<String, String> role : passwords.entrySet()) {
                    quote.setString(1, role.getKey());
                    quote.setString(2, role.getValue());
                    try (ResultSet statement = quote.executeQuery()) {
                        statement.next();
                        alter.execute(statement.getString(1));
                    }
                }
                LOG.infof("database roles given their logins: %s", passwords.keySet());
            } catch (SQLException e) {
                // the message would not quote the password, but say only which step failed
                throw new IllegalStateException("could not set the function roles' passwords: " + e.getSQLState(), e);
            }
        }

        @Override
        public String getCallbackName() {
            return "facefuse-function-roles";
        }
    }
}
