package io.facefuse.trace;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.UUID;

/** Operators read and verify the trace log. Part of the labelling function. */
@Path("/v1/ops/trace")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class TraceOpsResource {

    private final TraceLog log;

    TraceOpsResource(TraceLog log) {
        this.log = log;
    }

    /** Re-computes the whole chain; {@code valid: false} names the first entry that was altered. */
    @GET
    @Path("/verification")
    public Uni<ChainVerification> verify() {
        return log.verify();
    }

    @GET
    @Path("/entries")
    public Uni<List<TraceEntryView>> entries(@QueryParam("contentId") String contentId,
                                             @QueryParam("appId") UUID appId,
                                             @QueryParam("subjectId") String subjectId,
                                             @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return log.find(contentId, appId, subjectId, limit)
                .map(entries -> entries.stream().map(TraceEntryView::of).toList());
    }
}
