package io.facefuse.database;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' database roles, on the real PostgreSQL the tests run: the migration gave each its
 * login, only labelling may write the trace log, only moderation may read the feature library, and
 * every other table is open to all three (so no function meets a table it cannot use).
 */
@QuarkusTest
class FunctionRolesTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String owner;
    @ConfigProperty(name = "quarkus.datasource.password")
    String ownerPassword;

    @Test
    void eachFunctionLogsInAsItsOwnRole() throws SQLException {
        for (String function : new String[]{"fusion", "moderation", "labelling"}) {
            try (Connection connection = DriverManager.getConnection(url, "facefuse_" + function, "test-" + function + "-role");
                 ResultSet who = connection.createStatement().executeQuery("select current_user, count(*) from app")) {
                who.next();
                assertEquals("facefuse_" + function, who.getString(1));
            }
        }
    }

    @Test
    void onlyLabellingWritesTheTraceLog() throws SQLException {
        for (String function : new String[]{"fusion", "moderation"}) {
            try (Connection connection = DriverManager.getConnection(url, "facefuse_" + function, "test-" + function + "-role")) {
                SQLException refused = assertThrows(SQLException.class, () -> connection.createStatement()
                        .executeUpdate("update trace_head set last_seq = last_seq where false"));
                assertEquals("42501", refused.getSQLState(), function + " must not write the trace log");
                connection.createStatement().executeQuery("select count(*) from trace_entry").close(); // reading is fine
            }
        }
        try (Connection labelling = DriverManager.getConnection(url, "facefuse_labelling", "test-labelling-role")) {
            assertEquals(0, labelling.createStatement().executeUpdate("update trace_head set last_seq = last_seq where false"));
        }
    }

    @Test
    void onlyModerationReadsTheFeatureLibrary() throws SQLException {
        for (String function : new String[]{"fusion", "labelling"}) {
            try (Connection connection = DriverManager.getConnection(url, "facefuse_" + function, "test-" + function + "-role")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> connection.createStatement().executeQuery("select count(*) from feature_entry"));
                assertEquals("42501", refused.getSQLState(), function + " must not read the feature library");
            }
        }
        try (Connection moderation = DriverManager.getConnection(url, "facefuse_moderation", "test-moderation-role")) {
            moderation.createStatement().executeQuery("select count(*) from feature_entry").close();
        }
    }

    /** A later migration's table must be covered too: trace_* and feature_* closed, the rest open. */
    @Test
    void everyTableIsGrantedByTheRule() throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, owner, ownerPassword);
             ResultSet tables = connection.createStatement().executeQuery("""
                     select tablename, r.role,
                            has_table_privilege(r.role, 'public.' || tablename, 'SELECT') as can_read,
                            has_table_privilege(r.role, 'public.' || tablename, 'INSERT') as can_write
                     from pg_tables, (values ('facefuse_fusion'), ('facefuse_moderation'), ('facefuse_labelling')) as r(role)
                     where schemaname = 'public' and tablename <> 'flyway_schema_history'""")) {
            int checked = 0;
            while (tables.next()) {
                checked++;
                String table = tables.getString(1);
                String role = tables.getString(2);
                boolean read = tables.getBoolean(3);
                boolean write = tables.getBoolean(4);
                boolean expectRead = !table.startsWith("feature_") || role.equals("facefuse_moderation");
                boolean expectWrite = table.startsWith("trace_") ? role.equals("facefuse_labelling") : expectRead;
                if (read != expectRead || write != expectWrite) {
                    wrong.add(role + " on " + table + ": read " + read + ", write " + write);
                }
            }
            assertTrue(checked > 60, "every table of every role was checked");
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noOtherRoleCanBeGivenAPassword() {
        assertFalse(FunctionRoles.ROLES.contains("postgres"));
        assertThrows(IllegalStateException.class, () -> new FunctionRoles(() -> java.util.Map.of("postgres", "x"))
                .customize(org.flywaydb.core.Flyway.configure()));
    }
}
