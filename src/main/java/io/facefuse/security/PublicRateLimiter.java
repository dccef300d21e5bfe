package io.facefuse.security;

import io.facefuse.apps.TokenBucket;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * The public routes (label inspection, reports) answer anyone, and inspection costs a few hundred
 * milliseconds of CPU: each client address gets a {@link TokenBucket} of its own, in the database so
 * that every instance counts together. The address is the one the function URL reports
 * ({@code requestContext.http.sourceIp}, which a client cannot set); deployed, the functions'
 * reserved concurrency bounds what many addresses together can spend.
 */
@ApplicationScoped
public class PublicRateLimiter {

    private final SecurityConfig.PublicRoutes config;

    PublicRateLimiter(SecurityConfig.PublicRoutes config) {
        this.config = config;
    }

    public Uni<Void> admit(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        String client = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        double rate = config.ratePerSecond();
        return EventLoop.run(Panache.withTransaction(() -> Panache.getSession().flatMap(session ->
                        TokenBucket.take(session, "public_rate_bucket", "client", client, rate, config.burst()))))
                .invoke(take -> {
                    if (!take.admitted()) {
                        throw new ApiException(ErrorCode.RateLimited, "public routes take " + rate
                                + " requests a second from one address, with a burst of " + config.burst(),
                                Map.of("Retry-After", Long.toString(take.retryAfterSeconds(rate))));
                    }
                }).replaceWithVoid();
    }

    /** A bucket idle for as long as it takes to fill is full again, as good as none. */
    public Uni<Integer> sweep() {
        double secondsToFill = config.burst() / config.ratePerSecond();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from public_rate_bucket where refilled_at < now() - make_interval(secs => ?1)")
                .setParameter(1, secondsToFill).executeUpdate()));
    }
}
