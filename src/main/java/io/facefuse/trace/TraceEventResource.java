package io.facefuse.trace;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Where the other functions append to the trace log. Part of the labelling function. */
@Path("/internal/v1/trace-events")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class TraceEventResource {

    private final TraceLog log;

    TraceEventResource(TraceLog log) {
        this.log = log;
    }

    @POST
    @ResponseStatus(201)
    public Uni<TraceReceipt> append(@Valid @NotNull TraceEvent event) {
        return log.append(event).map(TraceReceipt::of);
    }
}
