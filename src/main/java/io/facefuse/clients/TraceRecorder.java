package io.facefuse.clients;

import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceReceipt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Writes trace events through the labelling function, which alone owns the trace log. */
@ApplicationScoped
public class TraceRecorder {

    private final LabellingClient labelling;

    TraceRecorder(@RestClient LabellingClient labelling) {
        this.labelling = labelling;
    }

    public Uni<TraceReceipt> record(TraceEvent event) {
        return Dependencies.call("labelling", labelling.record(event));
    }
}
