package io.facefuse.clients;

import io.facefuse.aws.SigV4Signing;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceEventResource;
import io.facefuse.trace.TraceReceipt;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** How fusion and moderation reach the labelling function (base URL: quarkus.rest-client.labelling.url). */
@RegisterRestClient(configKey = "labelling")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterProvider(SigV4Signing.class)
@Path("/internal/v1")
public interface LabellingClient {

    @POST
    @Path("/trace-events")
    Uni<TraceReceipt> record(TraceEvent event);

    /** Revokes content, so label inspection reports it (moderation, after people block an output). */
    @POST
    @Path("/revocations")
    Uni<Void> revoke(io.facefuse.reports.InternalRevocationResource.Revocation revocation);

    /**
     * Labels an output for an app: the answer is the labelled image, its content id in a header;
     * {@code quality}, the JPEG quality it is re-encoded at (null: the labelling function's default);
     * {@code logo}, "x,y,width,height" where the app's uploaded logo is drawn (null: none); {@code held},
     * whether the label's trace entry waits for {@link #release} (its receipt in a header) instead of
     * being appended at once.
     */
    @POST
    @Path("/labels")
    @Consumes({"image/jpeg", "image/png"})
    Uni<Response> label(byte[] image, @HeaderParam("Content-Type") String contentType, @QueryParam("appId") UUID appId,
                        @QueryParam("subjectId") String subjectId, @QueryParam("corner") String corner,
                        @QueryParam("language") String language, @QueryParam("visible") boolean visible,
                        @QueryParam("quality") Float quality, @QueryParam("logo") String logo,
                        @QueryParam("held") boolean held);

    /** A held label's output leaves: the label's entry and the release's event are traced together. */
    @POST
    @Path("/trace-events/releases")
    Uni<TraceReceipt> release(TraceEventResource.Release release);
}
