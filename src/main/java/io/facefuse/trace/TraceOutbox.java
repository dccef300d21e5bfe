package io.facefuse.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.housekeeping.HousekeepingJob;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Appends the trace events other functions kept in {@code pending_trace_event} while the labelling
 * function was unreachable, and the releases of outputs the fusion function's own call did not hand
 * in (a minute after), oldest first, each marked as recorded late with the time it was kept. Each
 * pending row is deleted in the transaction that appends it, and only the one that deleted it
 * appends, so two labelling instances draining at once do not trace an event twice. Part of the
 * labelling function, which owns the trace log.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class TraceOutbox implements HousekeepingJob {

    private static final Logger LOG = Logger.getLogger(TraceOutbox.class);
    /** Rows taken per run: a long outage's backlog drains over a few runs. */
    private static final int BATCH = 200;
    private static final int MAX_DETAIL = 1000;
    private static final Duration RELEASE_GRACE = Duration.ofMinutes(1);

    private final TraceLog log;
    private final ObjectMapper json;
    private final Validator validator;

    TraceOutbox(TraceLog log, ObjectMapper json, Validator validator) {
        this.log = log;
        this.json = json;
        this.validator = validator;
    }

    @Override
    public String jobName() {
        return "trace-outbox";
    }

    @Override
    public Uni<Void> runJob() {
        return drain();
    }

    @Scheduled(every = "${facefuse.trace.outbox-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drain() {
        // a release is the fusion function's to hand in for a moment after it commits: taken only once it is late
        Instant late = Instant.now().minus(RELEASE_GRACE);
        return Panache.withSession(() -> PendingTraceEvent.<PendingTraceEvent>find(
                        "refused is null and (receipt is null or failedAt < ?1) order by failedAt", late)
                        .page(0, BATCH).list())
                .flatMap(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(this::append)
                        .collect().with(Collectors.summingInt(appended -> appended ? 1 : 0))
                        .invoke(count -> {
                            if (count > 0) {
                                LOG.infof("trace outbox: %d events recorded late", count);
                            }
                        }))
                .replaceWithVoid();
    }

    /** Deletes the pending row and appends its event in one transaction; false where another run took it. */
    private Uni<Boolean> append(PendingTraceEvent pending) {
        TraceEvent event;
        try {
            event = json.readValue(pending.event, TraceEvent.class);
        } catch (JsonProcessingException e) {
            return refuse(pending, "not a trace event: " + e.getOriginalMessage());
        }
        // the same rules as the append route's: a row is written by a function's role, not through it
        Set<ConstraintViolation<TraceEvent>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            return refuse(pending, "not a valid trace event: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        // the mark first, so that cutting a long detail to the column's size never drops it
        String late = pending.receipt == null ? "recorded late: the labelling function was unreachable at "
                + pending.failedAt : "recorded late: the output was released at " + pending.failedAt;
        String detail = event.detail() == null ? late : late + "; " + event.detail();
        TraceEvent marked = new TraceEvent(event.actor(), event.appId(), event.subjectId(), event.operation(),
                event.inputHash(), event.outputHash(), event.contentId(), event.outcome(),
                detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL));
        if (pending.receipt != null) {
            // the label's held entry goes in first; the row is deleted in the same transaction
            return Uni.createFrom().deferred(() -> log.release(pending.receipt, marked, pending.id)).replaceWith(true)
                    // a receipt that does not hold is refused for good; another run may have taken the row
                    // (Conflict), and any other failure is tried again at the next run
                    .onFailure().recoverWithUni(failure -> {
                        if (failure instanceof ApiException api && api.code() == ErrorCode.ValidationFailed) {
                            return refuse(pending, failure.getMessage());
                        }
                        if (!(failure instanceof ApiException api && api.code() == ErrorCode.Conflict)) {
                            LOG.warnf("trace outbox: pending release %s not recorded this time: %s", pending.id,
                                    failure.getMessage());
                        }
                        return Uni.createFrom().item(false);
                    });
        }
        return Panache.withTransaction(() -> PendingTraceEvent.delete("id", pending.id)
                .flatMap(deleted -> deleted == 0 ? Uni.createFrom().item(false)
                        : log.append(marked).replaceWith(true)));
    }

    /** A row no function could have written (or a forged one): kept for people, with why, and not taken again. */
    private static Uni<Boolean> refuse(PendingTraceEvent pending, String why) {
        LOG.errorf("trace outbox: pending event %s not recorded, left for people to look at: %s", pending.id, why);
        return Panache.withTransaction(() -> PendingTraceEvent.update("refused = ?1 where id = ?2", why, pending.id))
                .replaceWith(false);
    }
}
