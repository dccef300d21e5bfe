package io.facefuse.reports;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The public report entry (seed 000 §3.2(10)). Part of the labelling function. */
@Path("/v1/reports")
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class ReportResource {

    private final ReportService reports;

    ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @POST
    @Access(Caller.Kind.PUBLIC)
    @ResponseStatus(201)
    public Uni<ReportViews.Receipt> file(@Valid @NotNull ReportViews.NewReport report) {
        return reports.file(report);
    }
}
