package io.facefuse.fusion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.housekeeping.HousekeepingJob;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Idempotency keys of fusion requests. The first request with a key claims it (an insert the
 * primary key makes exclusive); a retry while it runs is {@code Conflict}, a retry after it is
 * answered gets that answer, a different request with the same key is {@code IdempotencyKeyMismatch}.
 * A failed request releases its key so that it can be retried. Keys are kept a day.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class IdempotencyKeys implements HousekeepingJob {

    private final ObjectMapper json;

    IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /** What a retry must repeat exactly to be the same request: its body, as the app's JSON mapper writes it. */
    public String hash(FusionViews.FusionRequest request) {
        try {
            return io.facefuse.security.RequestSignature.sha256Hex(json.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when this request now holds the key; the first answer when one was given already. */
    public Uni<FusionViews.FusionResult> claim(UUID appId, String key, String requestHash) {
        return EventLoop.run(Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into idempotency_key (app_id, key, request_hash, created_at) "
                        + "values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, appId).setParameter(2, key).setParameter(3, requestHash).setParameter(4, Instant.now())
                .executeUpdate()
                .flatMap(inserted -> inserted == 1 ? Uni.createFrom().nullItem() : session.createNativeQuery(
                                "select request_hash, response from idempotency_key where app_id = ?1 and key = ?2",
                                Object[].class)
                        .setParameter(1, appId).setParameter(2, key).getSingleResult()
                        .map(row -> {
                            if (!requestHash.equals(row[0])) {
                                throw new ApiException(ErrorCode.IdempotencyKeyMismatch, "key " + key
                                        + " was used for a different request");
                            }
                            if (row[1] == null) {
                                throw new ApiException(ErrorCode.Conflict, "a request with key " + key + " is still running");
                            }
                            return read((String) row[1]);
                        })))));
    }

    /** Records the answer, in the transaction that keeps the result and its usage record. */
    public Uni<Void> complete(UUID appId, String key, FusionViews.FusionResult answer) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "update idempotency_key set fusion_id = ?3, response = ?4 where app_id = ?1 and key = ?2")
                .setParameter(1, appId).setParameter(2, key).setParameter(3, answer.fusionId())
                .setParameter(4, write(answer)).executeUpdate()).replaceWithVoid();
    }

    /** A failed request gives its key back, so the app can retry with it. */
    public Uni<Void> release(UUID appId, String key) {
        return EventLoop.run(Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from idempotency_key where app_id = ?1 and key = ?2 and response is null")
                .setParameter(1, appId).setParameter(2, key).executeUpdate()))).replaceWithVoid();
    }

    @Override
    public String jobName() {
        return "idempotency-key-sweep";
    }

    @Override
    public Uni<Void> runJob() {
        return sweep();
    }

    @Scheduled(every = "${facefuse.housekeeping.nonce-sweep-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from idempotency_key where created_at < ?1")
                .setParameter(1, Instant.now().minusSeconds(86_400)).executeUpdate())).replaceWithVoid();
    }

    private String write(FusionViews.FusionResult answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FusionViews.FusionResult read(String stored) {
        try {
            return json.readValue(stored, FusionViews.FusionResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
