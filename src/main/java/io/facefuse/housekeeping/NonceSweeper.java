package io.facefuse.housekeeping;

import io.facefuse.security.PublicRateLimiter;
import io.facefuse.security.SecurityConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Forgets request nonces once their timestamp could no longer pass the signing window, so the
 * table holds only a few minutes of traffic. Requests older than the window are refused as
 * expired before their nonce is looked at.
 */
@ApplicationScoped
public class NonceSweeper implements HousekeepingJob {

    private final SecurityConfig.Signing signing;
    private final io.facefuse.apps.RateLimiter rates;
    private final PublicRateLimiter publicRates;

    NonceSweeper(SecurityConfig.Signing signing, io.facefuse.apps.RateLimiter rates, PublicRateLimiter publicRates) {
        this.signing = signing;
        this.rates = rates;
        this.publicRates = publicRates;
    }

    @Override
    public String jobName() {
        return "nonce-sweep";
    }

    @Override
    public Uni<Void> runJob() {
        return sweep();
    }

    /** Nonces past the signing window, quota counts of past days and full public buckets are of no more use. */
    @Scheduled(every = "${facefuse.housekeeping.nonce-sweep-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepOlderThan(Instant.now().minus(signing.maxSkew().multipliedBy(2))).call(rates::sweep).call(publicRates::sweep)
                .replaceWithVoid();
    }

    public Uni<Integer> sweepOlderThan(Instant cutoff) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from request_nonce where seen_at < ?1")
                .setParameter(1, cutoff).executeUpdate()));
    }
}
