package io.facefuse.reports;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.PublicRateLimiter;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The public report entry (seed 000 §3.2(10)). Part of the labelling function. */
@Path("/v1/reports")
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class ReportResource {

    private final ReportService reports;
    private final PublicRateLimiter publicRates;

    ReportResource(ReportService reports, PublicRateLimiter publicRates) {
        this.reports = reports;
        this.publicRates = publicRates;
    }

    /** Anyone may report, at the public routes' rate per address: a flood of reports is refused unwritten. */
    @POST
    @Access(Caller.Kind.PUBLIC)
    @ResponseStatus(201)
    public Uni<ReportViews.Receipt> file(@Valid @NotNull ReportViews.NewReport report, @Context HttpServerRequest transport) {
        return publicRates.admit(transport).flatMap(ignored -> reports.file(report));
    }
}
