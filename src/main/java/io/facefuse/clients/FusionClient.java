package io.facefuse.clients;

import io.facefuse.apps.AppViews;
import io.facefuse.aws.SigV4Signing;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** How labelling and moderation reach the fusion function, which owns apps and templates (base URL: quarkus.rest-client.fusion.url). */
@RegisterRestClient(configKey = "fusion")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterProvider(SigV4Signing.class)
@Path("/internal/v1")
public interface FusionClient {

    @POST
    @Path("/apps/{appId}/status")
    Uni<AppViews.AppView> changeStatus(@PathParam("appId") UUID appId, AppViews.StatusChange change);

    /** People's decision on a template that moderation sent to review. */
    @POST
    @Path("/templates/{id}/review")
    Uni<io.facefuse.templates.TemplateViews.TemplateView> reviewTemplate(@PathParam("id") UUID templateId,
                                                                         io.facefuse.templates.TemplateViews.ReviewOutcome outcome);
}
