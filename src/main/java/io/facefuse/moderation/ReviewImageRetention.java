package io.facefuse.moderation;

import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * Inputs are kept no longer than their retention (seed 000 §3.7; 24 hours by default, as the cloud
 * APIs keep them): the only inputs facefuse keeps are the images waiting in the review queue, and a
 * task older than that loses its image (the reviewer still sees the verdicts). Idempotent.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ReviewImageRetention {

    private final Duration retention;

    ReviewImageRetention(@ConfigProperty(name = "facefuse.retention.inputs") Duration retention) {
        this.retention = retention;
    }

    @Scheduled(every = "${facefuse.retention.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).replaceWithVoid();
    }

    /** Answers how many images were removed. */
    public Uni<Integer> purge(Instant now) {
        return Panache.withTransaction(() -> ReviewTask.update("media = null, mediaType = null where media is not null "
                + "and createdAt < ?1", now.minus(retention)));
    }
}
