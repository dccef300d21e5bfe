package io.facefuse.localdb;

import io.facefuse.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema comes from versioned Flyway migrations against the real PostgreSQL the tests start, and
 * migrations only add: an upgrade must keep every row, so none may drop or empty a table.
 */
@QuarkusTest
class MigrationsTest {

    private static final Pattern DESTRUCTIVE = Pattern.compile(
            "\\b(drop\\s+(table|column|schema)|truncate|delete\\s+from)\\b");

    @Inject
    DataSource dataSource;

    @Test
    void everyMigrationIsAppliedSuccessfully() throws IOException {
        Db db = new Db(dataSource);
        long files;
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            files = migrations.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertEquals(files, db.count("select count(*) from flyway_schema_history where success and version is not null"));
        assertTrue(db.string("select version() ").startsWith("PostgreSQL"), "a real PostgreSQL serves the tests");
    }

    @Test
    void noMigrationDestroysData() throws IOException {
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            List<String> destructive = migrations.filter(p -> {
                try {
                    String sql = Files.readString(p).toLowerCase(Locale.ROOT).replaceAll("--[^\\n]*", "");
                    return DESTRUCTIVE.matcher(sql).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of(), destructive);
        }
    }
}
