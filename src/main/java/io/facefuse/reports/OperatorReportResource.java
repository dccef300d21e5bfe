package io.facefuse.reports;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Operators work the report queue. Part of the labelling function. */
@Path("/v1/ops/reports")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class OperatorReportResource {

    private final ReportService reports;
    private final CurrentCaller caller;

    OperatorReportResource(ReportService reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    /** Tickets by deadline, optionally only those in one status (open, assigned, resolved). */
    @GET
    public Uni<List<ReportViews.TicketView>> list(@QueryParam("status") String status) {
        ReportTicket.Status wanted = status == null ? null : Arrays.stream(ReportTicket.Status.values())
                .filter(s -> s.wireName().equals(status)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.ValidationFailed, "status is open, assigned or resolved"));
        return reports.list(wanted);
    }

    @GET
    @Path("/{id}")
    public Uni<ReportViews.TicketView> get(@PathParam("id") UUID id) {
        return reports.get(id);
    }

    @POST
    @Path("/{id}/assignment")
    public Uni<ReportViews.TicketView> assign(@PathParam("id") UUID id, @Valid @NotNull ReportViews.Assignment assignment) {
        return reports.assign(id, assignment, caller.get());
    }

    @POST
    @Path("/{id}/resolution")
    public Uni<ReportViews.TicketView> resolve(@PathParam("id") UUID id, @Valid @NotNull ReportViews.Decision decision) {
        return reports.resolve(id, decision, caller.get());
    }
}
