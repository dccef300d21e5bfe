package io.facefuse.moderation;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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

    private final PolicyService policies;

    PolicyResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    @Path("/{appId}")
    public Uni<ModerationPolicy> policy(@PathParam("appId") UUID appId) {
        return Panache.withSession(() -> policies.policy(appId));
    }
}
