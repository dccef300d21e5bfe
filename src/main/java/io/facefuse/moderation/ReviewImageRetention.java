package io.facefuse.moderation;

import io.facefuse.housekeeping.HousekeepingJob;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Inputs are kept no longer than their app's retention (seed 000 §3.7; its moderation policy's
 * {@code inputRetentionHours}, 24 by default, as the cloud APIs keep them): the only inputs facefuse
 * keeps are the images waiting in the review queue, and a task older than that loses its image (the
 * reviewer still sees the verdicts). Idempotent.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ReviewImageRetention implements HousekeepingJob {

    private final ModerationDefaults defaults;

    ReviewImageRetention(ModerationDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public String jobName() {
        return "review-image-retention";
    }

    @Override
    public Uni<Void> runJob() {
        return scheduled();
    }

    @Scheduled(every = "${facefuse.retention.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).replaceWithVoid();
    }

    /** Answers how many images were removed. */
    public Uni<Integer> purge(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "update review_task t set media = null, media_type = null where t.media is not null and t.created_at < "
                                + "cast(?1 as timestamptz) - make_interval(hours => coalesce((select p.input_retention_hours from moderation_policy p "
                                + "where p.app_id = t.app_id), ?2))")
                .setParameter(1, now).setParameter(2, defaults.inputRetentionHours()).executeUpdate()));
    }
}
