package io.facefuse.trace;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

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

    /**
     * An output whose label's entry was held back leaves ({@link TraceLog#release}): that entry and the
     * release's go in together. A receipt that does not verify or names another output: {@code
     * ValidationFailed}; one taken already: {@code Conflict}; nothing appended either way.
     */
    @POST
    @Path("/releases")
    @ResponseStatus(201)
    public Uni<TraceReceipt> release(@Valid @NotNull Release release) {
        return log.release(release.receipt(), release.event(), release.pendingId()).map(TraceReceipt::of);
    }

    /**
     * A held entry's receipt and the trace event of the output's release; {@code pendingId}, the
     * {@code pending_trace_event} row the release was kept in, if any.
     */
    public record Release(@NotBlank @Size(max = 8000) String receipt, @Valid @NotNull TraceEvent event, UUID pendingId) {
    }
}
