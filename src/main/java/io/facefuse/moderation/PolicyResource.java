package io.facefuse.moderation;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.UUID;

/** The moderation policy in force for an app. Part of the moderation function; fusion asks it. */
@Path("/internal/v1/policies")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class PolicyResource {

    private final ModerationDefaults defaults;

    PolicyResource(ModerationDefaults defaults) {
        this.defaults = defaults;
    }

    @GET
    @Path("/{appId}")
    public ModerationPolicy policy(@PathParam("appId") UUID appId) {
        // Per-app policies arrive with the moderation function's own tables; until then every app
        // gets the configured defaults.
        return defaults.policy();
    }
}
