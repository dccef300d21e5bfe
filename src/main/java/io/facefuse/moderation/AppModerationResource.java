package io.facefuse.moderation;

import io.facefuse.apps.RateLimiter;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.ModerationClient;
import io.facefuse.consent.ConsentService;
import io.facefuse.http.EventLoop;
import io.facefuse.images.Images;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Apps check a user photo or a template before they use it, through the fusion function (their one
 * public entry), which forwards to the moderation function; their policy is at
 * {@code GET /v1/app/moderation-policy}. A user photo needs the subject's consent in force, like
 * every step that touches a face.
 */
@Path("/v1")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class AppModerationResource {

    private final ModerationClient moderation;
    private final ConsentService consent;
    private final CurrentCaller caller;
    private final RateLimiter rates;

    AppModerationResource(@RestClient ModerationClient moderation, ConsentService consent, CurrentCaller caller,
                          RateLimiter rates) {
        this.rates = rates;
        this.moderation = moderation;
        this.consent = consent;
        this.caller = caller;
    }

    @POST
    @Path("/moderation/checks")
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Uni<ModerationViews.CheckView> check(byte[] image, @QueryParam("role") String role,
                                                @QueryParam("subjectId") String subjectId) {
        CheckRole checkRole = ModerationViews.parse(CheckRole.class, role, "role");
        if (checkRole == CheckRole.output) {
            throw new ApiException(ErrorCode.ValidationFailed, "role is user_photo or template: outputs are facefuse's own");
        }
        Images.Format format = Images.sniff(image);
        if (format == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, "checks read JPEG, PNG and WebP images");
        }
        Caller app = caller.get();
        Uni<Boolean> guardian;
        if (checkRole == CheckRole.user_photo) {
            if (subjectId == null) {
                throw new ApiException(ErrorCode.ValidationFailed, "a user photo needs the subjectId whose consent covers it");
            }
            ConsentService.checkedSubjectId(subjectId);
            guardian = EventLoop.run(consent.requireFaceProcessing(app.appId(), subjectId))
                    .map(granted -> Boolean.TRUE.equals(granted.guardianConsent));
        } else {
            if (subjectId != null) {
                ConsentService.checkedSubjectId(subjectId);
            }
            guardian = Uni.createFrom().item(false);
        }
        return rates.admit(app.appId()).flatMap(x -> guardian)
                .flatMap(g -> Dependencies.call("moderation", moderation.check(image, format.mediaType(), app.appId(),
                        checkRole.name(), subjectId, null, null, g, null)))
                // the faces' landmarks are for the fusion function, not for apps
                .map(ModerationViews.CheckView::withoutLandmarks);
    }
}
