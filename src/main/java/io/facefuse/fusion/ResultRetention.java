package io.facefuse.fusion;

import io.facefuse.housekeeping.HousekeepingJob;
import io.facefuse.http.EventLoop;
import io.facefuse.media.MediaStore;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Deletes stored results past their expiry (seed 000 §3.7): the image goes, the record stays with
 * its content id for the trace log. It claims expired rows in batches with {@code skip locked}, so
 * purges running at once (two instances, a schedule and a manual run) never fight over a row, and
 * running it again finds nothing left to do. It also removes result images that no record points
 * at any more (left by a failure between writing an image and its record).
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ResultRetention implements HousekeepingJob {

    private static final Logger LOG = Logger.getLogger(ResultRetention.class);
    private static final int BATCH = 200;

    /** What one run removed. */
    public record Purged(int expired, int orphans) {
    }

    private final MediaStore media;

    ResultRetention(MediaStore media) {
        this.media = media;
    }

    @Override
    public String jobName() {
        return "result-retention";
    }

    @Override
    public Uni<Void> runJob() {
        return scheduled();
    }

    @Scheduled(every = "${facefuse.retention.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).invoke(p -> LOG.infof("result retention: %d expired and %d orphaned images removed",
                p.expired(), p.orphans())).replaceWithVoid();
    }

    public Uni<Purged> purge(Instant now) {
        return expired(now, 0).flatMap(expired -> orphans().map(orphans -> new Purged(expired, orphans)));
    }

    /** One batch in one transaction: claim, delete the images, forget their keys; then the next batch. */
    private Uni<Integer> expired(Instant now, int done) {
        return EventLoop.run(Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("select id, media_key from fusion_result where media_key is not null "
                        + "and expires_at < ?1 order by expires_at limit ?2 for update skip locked", Object[].class)
                .setParameter(1, now).setParameter(2, BATCH).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return EventLoop.offload(() -> {
                                rows.forEach(row -> media.delete((String) row[1]));
                                return null;
                            })
                            .flatMap(x -> session.createNativeQuery("update fusion_result set media_key = null where id = any(?1)")
                                    .setParameter(1, rows.stream().map(row -> (UUID) row[0]).toArray(UUID[]::new))
                                    .executeUpdate());
                }))))
                .flatMap(count -> count < BATCH ? Uni.createFrom().item(done + count) : expired(now, done + count));
    }

    /** Result images no record points at, older than an hour (a fusion may be writing its record). */
    private Uni<Integer> orphans() {
        return EventLoop.offload(() -> media.list("results")).flatMap(keys -> keys.isEmpty() ? Uni.createFrom().item(0)
                : EventLoop.run(Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("select media_key from fusion_result where media_key = any(?1)", String.class)
                        .setParameter(1, keys.toArray(String[]::new)).getResultList())))
                .flatMap(referenced -> {
                    Set<String> kept = new HashSet<>(referenced);
                    List<String> orphaned = keys.stream().filter(k -> !kept.contains(k)).toList();
                    return EventLoop.offload(() -> (int) orphaned.stream().filter(media::deleteIfOlderThanAnHour).count());
                }));
    }
}
