package io.facefuse.apps;

import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Each app's requests per second (its {@code rateLimitPerSecond}), counted in the database so that
 * every instance of a function counts together: one upsert a request. The costly routes (fusion,
 * template uploads, moderation checks) ask it first; past the limit they answer {@code RateLimited}.
 */
@ApplicationScoped
public class RateLimiter {

    public Uni<Void> admit(UUID appId) {
        long second = Instant.now().getEpochSecond();
        return EventLoop.run(Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into rate_window (app_id, second, requests) values (?1, ?2, 1) "
                        + "on conflict (app_id, second) do update set requests = rate_window.requests + 1 "
                        + "returning requests, (select rate_limit_per_second from app where id = ?1)", Object[].class)
                .setParameter(1, appId).setParameter(2, second).getSingleResult()))).invoke(row -> {
                    int requests = ((Number) row[0]).intValue();
                    int limit = ((Number) row[1]).intValue();
                    if (requests > limit) {
                        throw new ApiException(ErrorCode.RateLimited, requests + " requests this second; the limit is "
                                + limit + " a second", java.util.Map.of("Retry-After", "1"));
                    }
                }).replaceWithVoid();
    }

    /** Counts older than a minute are of no more use. */
    public Uni<Integer> sweep() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from rate_window where second < ?1")
                .setParameter(1, Instant.now().getEpochSecond() - 60).executeUpdate()));
    }
}
