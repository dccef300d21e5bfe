package io.facefuse.apps;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.UUID;

/** Operators register apps and manage their keys and standing. Part of the fusion function. */
@Path("/v1/ops/apps")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class OperatorAppResource {

    private final AppService apps;
    private final CurrentCaller caller;

    OperatorAppResource(AppService apps, CurrentCaller caller) {
        this.apps = apps;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<AppViews.CreatedApp> create(@Valid @NotNull AppViews.NewApp request) {
        return apps.create(request, caller.get());
    }

    /** Apps in registration order, a page at a time. */
    @GET
    public Uni<List<AppViews.AppView>> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return apps.list(offset, limit);
    }

    @GET
    @Path("/{appId}")
    public Uni<AppViews.AppView> get(@PathParam("appId") UUID appId) {
        return apps.get(appId);
    }

    @POST
    @Path("/{appId}/status")
    public Uni<AppViews.AppView> changeStatus(@PathParam("appId") UUID appId,
                                              @Valid @NotNull AppViews.StatusChange change) {
        return apps.changeStatus(appId, change, caller.get());
    }

    /** Allows (or stops allowing) the app to omit the visible label; the metadata label always stays. */
    @POST
    @Path("/{appId}/label-exemption")
    public Uni<AppViews.AppView> labelExemption(@PathParam("appId") UUID appId,
                                                @Valid @NotNull AppViews.LabelExemption exemption) {
        return apps.setLabelExemption(appId, exemption, caller.get());
    }

    /** Whether the app may send templates inline with a fusion request (moderated on every call, never kept). */
    @POST
    @Path("/{appId}/inline-templates")
    public Uni<AppViews.AppView> inlineTemplates(@PathParam("appId") UUID appId,
                                                 @Valid @NotNull AppViews.InlineTemplates decision) {
        return apps.setInlineTemplates(appId, decision, caller.get());
    }

    /** The app's rate limit, burst and daily quota. */
    @POST
    @Path("/{appId}/limits")
    public Uni<AppViews.AppView> limits(@PathParam("appId") UUID appId, @Valid @NotNull AppViews.Limits limits) {
        return apps.setLimits(appId, limits, caller.get());
    }

    /** How long this app's stored results are kept (1-30 days; null for the default). */
    @POST
    @Path("/{appId}/retention")
    public Uni<AppViews.AppView> retention(@PathParam("appId") UUID appId, @Valid @NotNull AppViews.Retention retention) {
        return apps.setRetention(appId, retention, caller.get());
    }

    @POST
    @Path("/{appId}/credentials")
    @ResponseStatus(201)
    public Uni<AppViews.IssuedCredential> issueCredential(@PathParam("appId") UUID appId) {
        return apps.issueCredential(appId, caller.get());
    }

    @DELETE
    @Path("/{appId}/credentials/{keyId}")
    public Uni<AppViews.CredentialView> revokeCredential(@PathParam("appId") UUID appId,
                                                         @PathParam("keyId") String keyId) {
        return apps.revokeCredential(appId, keyId, caller.get());
    }
}
