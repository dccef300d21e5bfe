package io.facefuse.labelling;

import io.facefuse.consent.ConsentService;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * Where the fusion function labels its outputs on an app's behalf (through {@code LabellingClient}).
 * Part of the labelling function; only the other functions may call it.
 */
@Path("/internal/v1/labels")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class InternalLabelResource {

    private final LabellingService labelling;

    InternalLabelResource(LabellingService labelling) {
        this.labelling = labelling;
    }

    @POST
    @Consumes({"image/jpeg", "image/png"})
    public Uni<Response> label(byte[] image,
                               @QueryParam("appId") UUID appId,
                               @QueryParam("subjectId") String subjectId,
                               @QueryParam("corner") @DefaultValue("bottom-right") String corner,
                               @QueryParam("language") @DefaultValue("zh") String language,
                               @QueryParam("visible") @DefaultValue("true") boolean visible,
                               @QueryParam("quality") Float quality,
                               @QueryParam("logo") String logo,
                               @QueryParam("held") boolean held) {
        if (appId == null) {
            throw new ApiException(ErrorCode.ValidationFailed, "appId is required");
        }
        VisibleLabel.Corner where = LabelResource.corner(corner);
        Float jpegQuality = LabelResource.jpegQuality(quality);
        java.awt.Rectangle logoArea = logo == null ? null : LabelResource.rectangle(logo);
        VisibleLabel.Language text = LabelResource.language(language);
        if (subjectId != null) {
            ConsentService.checkedSubjectId(subjectId);
        }
        // fusion has checked the app's exemption before asking for no visible label
        Caller onBehalfOf = new Caller(Caller.Kind.SERVICE, "service:fusion", appId, null);
        return LabelResource.logoOf(appId, logoArea).flatMap(logoImage -> {
                    LabellingService.Options options = new LabellingService.Options(visible, where, text, logoImage,
                            logoArea, jpegQuality);
                    return held ? labelling.labelHeld(image, options, onBehalfOf, subjectId)
                            : labelling.label(image, options, onBehalfOf, subjectId);
                })
                .map(LabelResource::answer);
    }
}
