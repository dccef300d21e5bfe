package io.facefuse.trace;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Appends to and verifies the hash-chained trace log. Owned by the labelling function. */
@ApplicationScoped
public class TraceLog {

    private static final int VERIFY_PAGE = 1000;

    private final HeldEntries held;

    TraceLog(HeldEntries held) {
        this.held = held;
    }

    /** Appends one entry; concurrent appends queue on the head row, so the chain stays linear. */
    public Uni<TraceEntry> append(TraceEvent event) {
        return Panache.withTransaction(() -> TraceHead.<TraceHead>findById(TraceHead.ID, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(head -> appended(head, event)));
    }

    /**
     * Appends {@code events} in turn, in one transaction, answering the last entry; refused
     * ({@code Conflict}, nothing appended) where the log already holds the first event's operation
     * for its content id, so that an entry held back and handed in later is appended once.
     */
    private Uni<TraceEntry> appendNew(List<TraceEvent> events) {
        TraceEvent first = events.getFirst();
        return Panache.withTransaction(() -> TraceHead.<TraceHead>findById(TraceHead.ID, LockModeType.PESSIMISTIC_WRITE)
                // counted under the head's lock: two hand-ins of the same entry queue here
                .call(head -> TraceEntry.count("operation = ?1 and contentId = ?2", first.operation(), first.contentId())
                        .invoke(found -> {
                            if (found > 0) {
                                throw new ApiException(ErrorCode.Conflict, first.operation() + " of " + first.contentId()
                                        + " is already in the trace log");
                            }
                        }))
                .flatMap(head -> {
                    Uni<TraceEntry> last = Uni.createFrom().nullItem();
                    for (TraceEvent event : events) {
                        last = last.flatMap(previous -> appended(head, event));
                    }
                    return last;
                }));
    }

    /**
     * An output labelled with its entry held back leaves: the label's entry (from {@code receipt}) and
     * then {@code released}, the entry of what released it, which must name the same content, output
     * and app. {@code pendingId}: the {@code pending_trace_event} row the release was kept in, deleted
     * in the same transaction; where it is gone already, the outbox has appended both (Conflict).
     */
    public Uni<TraceEntry> release(String receipt, TraceEvent released, UUID pendingId) {
        TraceEvent label = held.verified(receipt);
        if (!Objects.equals(label.contentId(), released.contentId()) || !Objects.equals(label.outputHash(),
                released.outputHash()) || !Objects.equals(label.appId(), released.appId())) {
            throw new ApiException(ErrorCode.ValidationFailed, "the receipt is for another output");
        }
        if (pendingId == null) {
            return appendNew(List.of(label, released));
        }
        return Panache.withTransaction(() -> PendingTraceEvent.delete("id", pendingId).flatMap(deleted -> {
            if (deleted == 0) {
                throw new ApiException(ErrorCode.Conflict, "pending trace event " + pendingId + " was recorded already");
            }
            return appendNew(List.of(label, released));
        }));
    }

    private static Uni<TraceEntry> appended(TraceHead head, TraceEvent event) {
        TraceEntry entry = new TraceEntry();
        entry.seq = head.lastSeq + 1;
        // the database keeps microseconds; hash what will be read back
        entry.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.actor = event.actor();
        entry.appId = event.appId();
        entry.subjectId = event.subjectId();
        entry.operation = event.operation();
        entry.inputHash = event.inputHash();
        entry.outputHash = event.outputHash();
        entry.contentId = event.contentId();
        entry.outcome = event.outcome();
        entry.detail = event.detail();
        entry.prevHash = head.lastHash;
        entry.entryHash = entry.computeHash();
        head.lastSeq = entry.seq;
        head.lastHash = entry.entryHash;
        return entry.<TraceEntry>persist();
    }

    /**
     * Deletes the entries that occurred before {@code cutoff}, oldest first, keeping the chain
     * verifiable: a {@code trace.purge} entry naming the last purged sequence number is appended
     * first, and the newest entry always stays. Answers how many entries went.
     */
    public Uni<Integer> purgeBefore(Instant cutoff) {
        return Panache.withTransaction(() -> TraceEntry.<TraceEntry>find(
                        "occurredAt < ?1 and seq < (select max(e.seq) from TraceEntry e) order by seq desc", cutoff)
                .firstResult()
                .flatMap(last -> {
                    if (last == null) {
                        return Uni.createFrom().item(0);
                    }
                    long upTo = last.seq;
                    return append(TraceEvent.of("system", null, null, "trace.purge", "ok", "purged-through " + upTo))
                            .flatMap(ignored -> Panache.getSession())
                            .flatMap(session -> session.createNativeQuery("set local facefuse.trace_purge = 'on'")
                                    .executeUpdate()
                                    .flatMap(x -> session.createNativeQuery("delete from trace_entry where seq <= ?1")
                                            .setParameter(1, upTo).executeUpdate()));
                }));
    }

    /** Re-computes every hash in order and reports the first entry that does not fit. */
    public Uni<ChainVerification> verify() {
        return Panache.withSession(() -> TraceHead.<TraceHead>findById(TraceHead.ID)
                .flatMap(head -> purgedThrough().flatMap(purged -> verifyFrom(new Progress(0, purged, null), head))));
    }

    private record Progress(long checked, long lastSeq, String lastHash) {
    }

    /** The highest sequence number a trace.purge entry says it removed, or 0. */
    private static Uni<Long> purgedThrough() {
        return TraceEntry.<TraceEntry>find("operation = 'trace.purge' order by seq desc").firstResult()
                .map(purge -> purge == null ? 0L : Long.parseLong(purge.detail.substring("purged-through ".length())));
    }

    private Uni<ChainVerification> verifyFrom(Progress progress, TraceHead head) {
        return TraceEntry.<TraceEntry>find("seq > ?1 order by seq", progress.lastSeq())
                .page(0, VERIFY_PAGE).list()
                .flatMap(page -> {
                    Progress p = progress;
                    for (TraceEntry e : page) {
                        String problem = checkEntry(p, e);
                        if (problem != null) {
                            return Uni.createFrom().item(ChainVerification.broken(p.checked(), head.lastSeq, e.seq, problem));
                        }
                        p = new Progress(p.checked() + 1, e.seq, e.entryHash);
                    }
                    if (page.size() == VERIFY_PAGE) {
                        return verifyFrom(p, head);
                    }
                    return Uni.createFrom().item(checkHead(p, head));
                });
    }

    private static String checkEntry(Progress p, TraceEntry e) {
        if (p.lastHash() == null) {
            // the oldest entry kept must follow what the last purge removed (or be the first ever)
            if (e.seq != p.lastSeq() + 1) {
                return "entries " + (p.lastSeq() + 1) + " to " + (e.seq - 1) + " are missing, and no purge removed them";
            }
            if (e.seq == 1 && !TraceEntry.GENESIS_HASH.equals(e.prevHash)) {
                return "the first entry does not start from the genesis hash";
            }
        } else {
            if (e.seq != p.lastSeq() + 1) {
                return "entries " + (p.lastSeq() + 1) + " to " + (e.seq - 1) + " are missing";
            }
            if (!e.prevHash.equals(p.lastHash())) {
                return "prev_hash does not match the hash of entry " + p.lastSeq();
            }
        }
        if (!e.computeHash().equals(e.entryHash)) {
            return "the entry's contents do not match its hash";
        }
        return null;
    }

    private static ChainVerification checkHead(Progress p, TraceHead head) {
        long lastSeq = p.lastHash() == null ? 0 : p.lastSeq();
        String lastHash = p.lastHash() == null ? TraceEntry.GENESIS_HASH : p.lastHash();
        if (head.lastSeq != lastSeq || !head.lastHash.equals(lastHash)) {
            return ChainVerification.broken(p.checked(), head.lastSeq, lastSeq + 1,
                    "the chain head records entry " + head.lastSeq + " but the log ends at " + lastSeq);
        }
        return ChainVerification.valid(p.checked(), head.lastSeq);
    }

    /** The newest entries matching every filter given (null filters match all). */
    public Uni<List<TraceEntry>> find(String contentId, UUID appId, String subjectId, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (contentId != null) {
            query.append(" and contentId = :contentId");
            params.put("contentId", contentId);
        }
        if (appId != null) {
            query.append(" and appId = :appId");
            params.put("appId", appId);
        }
        if (subjectId != null) {
            query.append(" and subjectId = :subjectId");
            params.put("subjectId", subjectId);
        }
        query.append(" order by seq desc");
        return Panache.withSession(() -> TraceEntry.<TraceEntry>find(query.toString(), params).page(0, limit).list());
    }
}
