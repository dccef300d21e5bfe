package io.facefuse.billing;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** An app reads its own account and monthly statements. */
@Path("/v1/app/billing")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class AppBillingResource {

    private final BillingService billing;
    private final CurrentCaller caller;

    AppBillingResource(BillingService billing, CurrentCaller caller) {
        this.billing = billing;
        this.caller = caller;
    }

    @GET
    public Uni<BillingViews.AccountView> account() {
        return billing.account(caller.get().appId()).map(BillingViews.AccountView::of);
    }

    /** The statement of one month, {@code yyyy-MM} (UTC). */
    @GET
    @Path("/statements/{month}")
    public Uni<BillingViews.Statement> statement(@PathParam("month") String month) {
        YearMonth parsed;
        try {
            parsed = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.ValidationFailed, "month is yyyy-MM");
        }
        return billing.statement(caller.get().appId(), parsed);
    }
}
