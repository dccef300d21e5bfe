package io.facefuse.apps;

import io.facefuse.clients.Dependencies;
import io.facefuse.clients.ModerationClient;
import io.facefuse.moderation.ModerationPolicy;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What an app can read about itself with a signed request. Part of the fusion function. */
@Path("/v1/app")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class AppSelfResource {

    private final AppService apps;
    private final CurrentCaller caller;
    private final ModerationClient moderation;

    AppSelfResource(AppService apps, CurrentCaller caller, @RestClient ModerationClient moderation) {
        this.apps = apps;
        this.caller = caller;
        this.moderation = moderation;
    }

    /** The calling app's registration and keys (never a secret): a first signed call to try. */
    @GET
    public Uni<AppViews.AppView> self() {
        return apps.get(caller.appId());
    }

    /** What the moderation function checks for this app, so developers can tell their users. */
    @GET
    @Path("/moderation-policy")
    public Uni<ModerationPolicy> moderationPolicy() {
        return Dependencies.call("moderation", moderation.policy(caller.appId()));
    }
}
