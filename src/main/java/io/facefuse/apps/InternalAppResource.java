package io.facefuse.apps;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.UUID;

/**
 * Where the other functions change an app's standing: labelling suspends an app when an operator
 * resolves a report that way. Part of the fusion function, which owns apps.
 */
@Path("/internal/v1/apps")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class InternalAppResource {

    private final AppService apps;
    private final CurrentCaller caller;

    InternalAppResource(AppService apps, CurrentCaller caller) {
        this.apps = apps;
        this.caller = caller;
    }

    @POST
    @Path("/{appId}/status")
    public Uni<AppViews.AppView> changeStatus(@PathParam("appId") UUID appId, @Valid @NotNull AppViews.StatusChange change) {
        return apps.changeStatus(appId, change, caller.get());
    }
}
