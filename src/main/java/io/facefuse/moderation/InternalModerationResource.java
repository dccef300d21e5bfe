package io.facefuse.moderation;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.UUID;

/**
 * Where the fusion function has images checked (through {@code ModerationClient}). Part of the
 * moderation function; only the other functions may call it. The body is the image itself.
 * {@code faceRect} picks a user photo's face, or the faces of an output that are new (the fused
 * ones; the template's other faces were checked when it was uploaded), as x,y,w,h[;x,y,w,h...].
 */
@Path("/internal/v1/moderation/checks")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class InternalModerationResource {

    private final ModerationService moderation;

    InternalModerationResource(ModerationService moderation) {
        this.moderation = moderation;
    }

    @POST
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Uni<ModerationViews.CheckView> check(byte[] image,
                                                @QueryParam("appId") UUID appId,
                                                @QueryParam("role") String role,
                                                @QueryParam("subjectId") String subjectId,
                                                @QueryParam("contentId") String contentId,
                                                @QueryParam("templateId") UUID templateId,
                                                @QueryParam("guardianConsent") @DefaultValue("false") boolean guardian,
                                                @QueryParam("faceRect") String faceRect) {
        CheckRole checkRole = ModerationViews.parse(CheckRole.class, role, "role");
        return moderation.check(image, new ModerationViews.CheckRequest(appId, subjectId, checkRole, contentId,
                templateId, guardian, ModerationViews.rectangles(faceRect, "faceRect")));
    }
}
