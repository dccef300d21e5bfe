package io.facefuse.functions;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP listener for calls between functions when they share one process (dev mode and
 * tests, function {@code all}).
 *
 * <p>Under the Lambda extension the application has no HTTP listener of its own: requests arrive
 * as events, one at a time. A function that called another through that path would wait for its
 * own event loop and deadlock. This listener serves the same root handler on 127.0.0.1, so the REST
 * clients make real HTTP calls through the same filters and resources as deployed. It is off in
 * production, where the clients point at the other functions' URLs.
 */
@ApplicationScoped
public class InternalListener {

    private static final Logger LOG = Logger.getLogger(InternalListener.class);

    private volatile HttpServer server;

    void start(@Observes StartupEvent event, Vertx vertx,
               @ConfigProperty(name = "facefuse.internal-listener.enabled") boolean enabled,
               @ConfigProperty(name = "facefuse.internal-listener.port") int port) throws Exception {
        if (!enabled) {
            return;
        }
        // the root handler, not just the router: it wraps each request as Quarkus's own listener does
        server = vertx.createHttpServer().requestHandler(VertxHttpRecorder.getRootHandler()).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.infof("internal listener for calls between functions on 127.0.0.1:%d", server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
