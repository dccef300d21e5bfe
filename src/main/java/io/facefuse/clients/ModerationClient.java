package io.facefuse.clients;

import io.facefuse.moderation.ModerationPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** How fusion reaches the moderation function (base URL: quarkus.rest-client.moderation.url). */
@RegisterRestClient(configKey = "moderation")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/internal/v1")
public interface ModerationClient {

    @GET
    @Path("/policies/{appId}")
    Uni<ModerationPolicy> policy(@PathParam("appId") UUID appId);
}
