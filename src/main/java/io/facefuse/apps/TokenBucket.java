package io.facefuse.apps;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A token bucket kept in a table row, so that every instance of a function counts together: it
 * refills at {@code rate} a second up to {@code burst}, and one atomic upsert takes a token or finds
 * none. The tables (rate_bucket per app, public_rate_bucket per client address) share the columns
 * tokens, refilled_at and last_admitted.
 */
public final class TokenBucket {

    /** Whether a token was taken, and how many are left (below 1 when refused). */
    public record Take(boolean admitted, double tokens) {

        /** Seconds until a token is there again. */
        public long retryAfterSeconds(double rate) {
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }

    private TokenBucket() {
    }

    /** {@code table} and {@code keyColumn} are constants of the caller, never input. */
    public static Uni<Take> take(Mutiny.Session session, String table, String keyColumn, Object key, double rate,
                                 double burst) {
        String refilled = "least(?2, " + table + ".tokens + ?3 * extract(epoch from now() - " + table + ".refilled_at))";
        return session.createNativeQuery(
                        "insert into " + table + " (" + keyColumn + ", tokens, refilled_at, last_admitted) values (?1, ?2 - 1, now(), true) "
                                + "on conflict (" + keyColumn + ") do update set "
                                + "tokens = " + refilled + " - case when " + refilled + " >= 1 then 1 else 0 end, "
                                + "last_admitted = " + refilled + " >= 1, "
                                + "refilled_at = now() returning last_admitted, tokens", Object[].class)
                .setParameter(1, key).setParameter(2, burst).setParameter(3, rate).getSingleResult()
                .map(row -> new Take((Boolean) row[0], ((Number) row[1]).doubleValue()));
    }
}
