package io.facefuse.clients;

import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceReceipt;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** How fusion and moderation reach the labelling function (base URL: quarkus.rest-client.labelling.url). */
@RegisterRestClient(configKey = "labelling")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/internal/v1")
public interface LabellingClient {

    @POST
    @Path("/trace-events")
    Uni<TraceReceipt> record(TraceEvent event);
}
