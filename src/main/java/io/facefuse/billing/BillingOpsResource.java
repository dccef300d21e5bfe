package io.facefuse.billing;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** Operators set prices and keep apps' accounts. Part of the fusion function, which owns apps. */
@Path("/v1/ops/billing")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class BillingOpsResource {

    private final BillingService billing;
    private final CurrentCaller caller;

    BillingOpsResource(BillingService billing, CurrentCaller caller) {
        this.billing = billing;
        this.caller = caller;
    }

    /** A new price version; it applies to usage from its effective moment, never before. */
    @POST
    @Path("/prices")
    public Uni<Response> addPrice(@Valid @NotNull BillingViews.NewPrice price) {
        return billing.addPrice(price, caller.get().actor())
                .map(saved -> Response.status(Response.Status.CREATED).entity(BillingViews.PriceView.of(saved)).build());
    }

    @GET
    @Path("/prices")
    public Uni<List<BillingViews.PriceView>> prices() {
        return billing.prices().map(list -> list.stream().map(BillingViews.PriceView::of).toList());
    }

    @GET
    @Path("/accounts/{appId}")
    public Uni<BillingViews.AccountView> account(@PathParam("appId") UUID appId) {
        return billing.account(appId).map(BillingViews.AccountView::of);
    }

    @PUT
    @Path("/accounts/{appId}/mode")
    public Uni<BillingViews.AccountView> mode(@PathParam("appId") UUID appId, @Valid @NotNull BillingViews.Mode mode) {
        return billing.setMode(appId, mode.mode(), caller.get().actor()).map(BillingViews.AccountView::of);
    }

    @POST
    @Path("/accounts/{appId}/top-ups")
    public Uni<BillingViews.AccountView> topUp(@PathParam("appId") UUID appId, @Valid @NotNull BillingViews.TopUp topUp) {
        return billing.topUp(appId, topUp, caller.get().actor()).map(BillingViews.AccountView::of);
    }

    @POST
    @Path("/accounts/{appId}/free-grants")
    public Uni<BillingViews.AccountView> grant(@PathParam("appId") UUID appId, @Valid @NotNull BillingViews.FreeGrant grant) {
        return billing.grantFreeUnits(appId, grant, caller.get().actor()).map(BillingViews.AccountView::of);
    }

    /** A postpaid statement went unpaid (or was paid): the app is refused while in arrears. */
    @POST
    @Path("/accounts/{appId}/arrears")
    public Uni<BillingViews.AccountView> arrears(@PathParam("appId") UUID appId, @Valid @NotNull BillingViews.Arrears arrears) {
        return billing.setArrears(appId, arrears, caller.get().actor()).map(BillingViews.AccountView::of);
    }
}
