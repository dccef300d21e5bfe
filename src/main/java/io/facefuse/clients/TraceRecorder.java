package io.facefuse.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.trace.PendingTraceEvent;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceEventResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** Writes trace events through the labelling function, which alone owns the trace log. */
@ApplicationScoped
public class TraceRecorder {

    private static final Logger LOG = Logger.getLogger(TraceRecorder.class);

    private final LabellingClient labelling;
    private final ObjectMapper json;

    TraceRecorder(@RestClient LabellingClient labelling, ObjectMapper json) {
        this.labelling = labelling;
        this.json = json;
    }

    /**
     * Records {@code event}; where the labelling function cannot be reached, keeps it in {@code
     * pending_trace_event} for that function to append once it answers again ({@link
     * io.facefuse.trace.TraceOutbox}), in the caller's transaction where there is one. An outage of
     * the function that keeps the log neither blocks what is traced nor loses its entry; a refusal
     * of the event itself (a 4xx, a fault of ours) still fails the caller.
     */
    public Uni<Void> record(TraceEvent event) {
        return Dependencies.call("labelling", labelling.record(event)).replaceWithVoid()
                .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.DependencyUnavailable)
                .recoverWithUni(failure -> keep(event));
    }

    /**
     * What keeps the release of an output labelled with its entry held back ({@code receipt}): a
     * {@code pending_trace_event} row, to persist with the output's result, so that no commit can lose it.
     */
    public PendingTraceEvent releaseKept(String receipt, TraceEvent event) {
        PendingTraceEvent pending = pending(event);
        pending.receipt = receipt;
        return pending;
    }

    /**
     * Appends a kept release now (the label's entry, then the event, and the row deleted, in one
     * transaction); where the labelling function cannot take it, the row stays for its outbox.
     */
    public Uni<Void> release(PendingTraceEvent kept, TraceEvent event) {
        return Dependencies.call("labelling", labelling.release(new TraceEventResource.Release(kept.receipt, event, kept.id)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("trace events of %s kept for the labelling function to record late: %s", event.contentId(),
                            failure.getMessage());
                    return null;
                });
    }

    private Uni<Void> keep(TraceEvent event) {
        PendingTraceEvent pending = pending(event);
        LOG.warnf("trace event %s kept for the labelling function to record late", event.operation());
        return EventLoop.run(Panache.withTransaction(pending::persist)).replaceWithVoid();
    }

    private PendingTraceEvent pending(TraceEvent event) {
        PendingTraceEvent pending = new PendingTraceEvent();
        pending.id = UUID.randomUUID();
        pending.failedAt = Instant.now();
        try {
            pending.event = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return pending;
    }
}
