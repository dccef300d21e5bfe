package io.facefuse.apps;

import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Each app's rate limit and daily quota, kept in the database so that every instance of a function
 * counts together. The rate is a {@link TokenBucket}: it refills at {@code rateLimitPerSecond} and
 * holds up to {@code burst} (by default the rate itself).
 * The quota counts requests per UTC day. The costly routes (fusion, template uploads, checks) ask
 * first; refusals carry {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimiter {

    /** Admits one request of the app or refuses it; answers the app's row as read (its other settings, for the caller). */
    public Uni<App> admit(UUID appId) {
        return EventLoop.run(Panache.withTransaction(() -> App.<App>findById(appId).flatMap(app -> {
            double rate = app.rateLimitPerSecond;
            double burst = app.burst == null ? rate : app.burst;
            return Panache.getSession().flatMap(session -> TokenBucket.take(session, "rate_bucket", "app_id", appId, rate, burst))
                    .flatMap(take -> {
                        if (!take.admitted()) {
                            throw new ApiException(ErrorCode.RateLimited, "the limit is " + app.rateLimitPerSecond
                                    + " a second with a burst of " + (long) burst,
                                    Map.of("Retry-After", Long.toString(take.retryAfterSeconds(rate))));
                        }
                        return app.dailyQuota == null ? Uni.createFrom().voidItem() : quota(appId, app.dailyQuota);
                    }).replaceWith(app);
        })));
    }

    private static Uni<Void> quota(UUID appId, int quota) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into quota_window (app_id, day, requests) values (?1, ?2, 1) on conflict (app_id, day) "
                                + "do update set requests = quota_window.requests + 1 returning requests", Integer.class)
                .setParameter(1, appId).setParameter(2, today).getSingleResult())
                .invoke(requests -> {
                    if (requests > quota) {
                        long untilMidnight = Duration.between(Instant.now(),
                                today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)).toSeconds() + 1;
                        throw new ApiException(ErrorCode.QuotaExceeded, "the daily quota is " + quota + " requests",
                                Map.of("Retry-After", Long.toString(untilMidnight)));
                    }
                }).replaceWithVoid();
    }

    /** Quota counts of past days are of no more use. */
    public Uni<Integer> sweep() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from quota_window where day < ?1")
                .setParameter(1, LocalDate.now(ZoneOffset.UTC).minusDays(1)).executeUpdate()));
    }
}
