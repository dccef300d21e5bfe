package io.facefuse.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.http.EventLoop;
import io.facefuse.labelling.InternalLabelResource;
import io.facefuse.trace.PendingTraceEvent;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceReceipt;
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

    public Uni<TraceReceipt> record(TraceEvent event) {
        return Dependencies.call("labelling", labelling.record(event));
    }

    /**
     * Records {@code event}, the release of an output labelled with its trace entry held back
     * ({@code receipt}): the label's entry goes in first, in the same transaction.
     */
    public Uni<TraceReceipt> recordRelease(String receipt, TraceEvent event) {
        return Dependencies.call("labelling", labelling.release(new InternalLabelResource.Release(receipt, event)));
    }

    /**
     * Records {@code event}, or, where the labelling function cannot take it, keeps it in
     * {@code pending_trace_event} for that function to append once it answers again
     * ({@link io.facefuse.trace.TraceOutbox}): what a refusal made during its outage must not lose.
     */
    public Uni<Void> recordOrKeep(TraceEvent event) {
        return record(event).replaceWithVoid().onFailure().recoverWithUni(failure -> keep(event));
    }

    private Uni<Void> keep(TraceEvent event) {
        PendingTraceEvent pending = new PendingTraceEvent();
        pending.id = UUID.randomUUID();
        pending.failedAt = Instant.now();
        try {
            pending.event = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LOG.warnf("trace event %s kept for the labelling function to record late", event.operation());
        return EventLoop.run(Panache.withTransaction(pending::persist)).replaceWithVoid();
    }
}
