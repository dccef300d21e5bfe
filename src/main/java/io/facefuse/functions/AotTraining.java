package io.facefuse.functions;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The training run that records JDK 25's AOT cache for the JVM container image
 * ({@code src/main/docker/Dockerfile.jvm-lambda}): started with {@code -XX:AOTCacheOutput} and
 * {@code facefuse.aot-training=true}, the application starts (loading, linking and initialising
 * what a cold start needs, models included) and exits at once; the JVM writes the cache as it exits.
 * It needs no database and no Lambda runtime: nothing connects before the first request.
 */
@ApplicationScoped
public class AotTraining {

    private static final Logger LOG = Logger.getLogger(AotTraining.class);

    void exitAfterStart(@Observes StartupEvent event,
                        @ConfigProperty(name = "facefuse.aot-training", defaultValue = "false") boolean training) {
        if (training) {
            LOG.info("AOT training run: started; exiting so the JVM writes its AOT cache");
            // Not Quarkus.asyncExit: under AWS's runtime client the JVM's main thread is the
            // client's poll loop, which a Quarkus exit does not end. A JVM exit runs Quarkus's
            // shutdown hook; from another thread, so the start in progress is not waited on.
            Thread.ofPlatform().name("aot-training-exit").start(() -> System.exit(0));
        }
    }
}
