package io.facefuse.reports;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Where the other functions revoke content: moderation, when people block an output in review.
 * Part of the labelling function, which alone keeps revocations and the trace log.
 */
@Path("/internal/v1/revocations")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class InternalRevocationResource {

    /** What to revoke, why, and on whose decision (written into the trace log). */
    public record Revocation(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String contentId,
                             @NotBlank @Size(max = 1000) String reason,
                             @NotBlank @Size(max = 200) String decidedBy) {
    }

    private final ReportService reports;

    InternalRevocationResource(ReportService reports) {
        this.reports = reports;
    }

    @POST
    public Uni<Response> revoke(@Valid @NotNull Revocation revocation) {
        return Panache.withTransaction(() -> reports.revoke(revocation.contentId(), revocation.reason(), null, null,
                revocation.decidedBy())).map(ignored -> Response.noContent().build());
    }
}
