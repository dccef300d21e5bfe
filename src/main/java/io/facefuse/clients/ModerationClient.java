package io.facefuse.clients;

import io.facefuse.aws.SigV4Signing;
import io.facefuse.moderation.ModerationPolicy;
import io.facefuse.moderation.ModerationViews;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** How fusion reaches the moderation function (base URL: quarkus.rest-client.moderation.url). */
@RegisterRestClient(configKey = "moderation")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterProvider(SigV4Signing.class)
@Path("/internal/v1")
public interface ModerationClient {

    @GET
    @Path("/policies/{appId}")
    Uni<ModerationPolicy> policy(@PathParam("appId") UUID appId);

    @GET
    @Path("/moderation/subjects/{appId}/{subjectId}")
    Uni<io.facefuse.moderation.InternalSubjectResource.SubjectRecord> subject(@PathParam("appId") UUID appId,
                                                                           @PathParam("subjectId") String subjectId);

    @POST
    @Path("/moderation/subjects/{appId}/{subjectId}/erasure")
    Uni<io.facefuse.moderation.InternalSubjectResource.Erased> eraseSubject(@PathParam("appId") UUID appId,
                                                                         @PathParam("subjectId") String subjectId);

    /** Freezes a subject (labelling, when a report is resolved that way). */
    @POST
    @Path("/moderation/subjects/{appId}/{subjectId}/freeze")
    Uni<io.facefuse.moderation.AccountStanding.Standing> freezeSubject(@PathParam("appId") UUID appId,
                                                                     @PathParam("subjectId") String subjectId,
                                                                     ModerationViews.Reasoned why);

    @POST
    @Path("/moderation/apps/{appId}/erasure")
    Uni<io.facefuse.moderation.InternalSubjectResource.Erased> eraseApp(@PathParam("appId") UUID appId);

    /** Checks an image in a role for an app (and subject); the body is the image. */
    @POST
    @Path("/moderation/checks")
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    Uni<ModerationViews.CheckView> check(byte[] image, @HeaderParam("Content-Type") String contentType,
                                         @QueryParam("appId") UUID appId, @QueryParam("role") String role,
                                         @QueryParam("subjectId") String subjectId,
                                         @QueryParam("contentId") String contentId,
                                         @QueryParam("templateId") UUID templateId,
                                         @QueryParam("guardianConsent") boolean guardianConsent,
                                         @QueryParam("faceRect") String faceRect);
}
