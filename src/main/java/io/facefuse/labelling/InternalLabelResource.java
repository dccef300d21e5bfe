package io.facefuse.labelling;

import io.facefuse.consent.ConsentService;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceReceipt;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

/**
 * Where the fusion function labels its outputs on an app's behalf (through {@code LabellingClient}),
 * and releases those labelled with their trace entry held back. Part of the labelling function;
 * only the other functions may call it.
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

    /**
     * A held label's output leaves: its {@code label.apply} entry (from the receipt) and then
     * {@code event}, the entry of what released it (the same content id, output hash and app), are
     * appended together. A receipt that does not verify or names another output: {@code
     * ValidationFailed}; one already handed in: {@code Conflict}; nothing appended either way.
     */
    @POST
    @Path("/releases")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<TraceReceipt> release(@Valid @NotNull Release release) {
        return labelling.release(release.receipt(), release.event()).map(TraceReceipt::of);
    }

    /** A held label's receipt and the trace event of the output's release. */
    public record Release(@NotBlank @Size(max = 8000) String receipt, @Valid @NotNull TraceEvent event) {
    }
}
