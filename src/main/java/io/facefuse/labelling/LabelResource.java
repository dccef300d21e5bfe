package io.facefuse.labelling;

import io.facefuse.images.Images;
import io.facefuse.apps.App;
import io.facefuse.consent.ConsentService;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.facefuse.security.PublicRateLimiter;
import io.facefuse.security.TokenAuthenticator;
import io.facefuse.reports.ReportService;
import io.facefuse.trace.TraceEntryView;
import io.facefuse.trace.TraceLog;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * Labels any image, made by facefuse or elsewhere (an app's standalone use), and tells anyone what
 * labels an image carries. Part of the labelling function. RESTEasy reads a {@code byte[]} body on
 * a worker thread, so these requests run there; the database work hops back to the event loop.
 */
@Path("/v1/labels")
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class LabelResource {

    public static final String CONTENT_ID_HEADER = "X-Facefuse-Content-Id";
    /** A held label's receipt ({@link io.facefuse.trace.HeldEntries}), on the internal route's answer only. */
    public static final String LABEL_RECEIPT_HEADER = "X-Facefuse-Label-Receipt";

    private final LabellingService labelling;
    private final CurrentCaller caller;
    private final ReportService reports;
    private final TraceLog trace;
    private final TokenAuthenticator tokens;
    private final PublicRateLimiter publicRates;

    LabelResource(LabellingService labelling, CurrentCaller caller, ReportService reports, TraceLog trace,
                  TokenAuthenticator tokens, PublicRateLimiter publicRates) {
        this.labelling = labelling;
        this.caller = caller;
        this.reports = reports;
        this.trace = trace;
        this.tokens = tokens;
        this.publicRates = publicRates;
    }

    /** The image back with its visible label and signed metadata, and its content id in a header. */
    @POST
    @Access(Caller.Kind.APP)
    @Consumes({"image/jpeg", "image/png"})
    public Uni<Response> label(byte[] image,
                               @QueryParam("corner") @DefaultValue("bottom-right") String corner,
                               @QueryParam("language") @DefaultValue("zh") String language,
                               @QueryParam("visible") @DefaultValue("true") boolean visible,
                               @QueryParam("subjectId") String subjectId,
                               @QueryParam("logo") String logo,
                               @QueryParam("quality") Float quality) {
        VisibleLabel.Corner where = corner(corner);
        Float jpegQuality = jpegQuality(quality);
        VisibleLabel.Language text = language(language);
        if (subjectId != null) {
            ConsentService.checkedSubjectId(subjectId);
        }
        java.awt.Rectangle logoArea = logo == null ? null : rectangle(logo);
        Caller app = caller.get();
        Uni<Void> allowed = visible ? Uni.createFrom().voidItem() : EventLoop.run(Panache.withSession(
                () -> App.<App>findById(app.appId()))).map(found -> {
                    // switching the visible label off needs an operator's approval for this app
                    if (!found.visibleLabelOptional) {
                        throw new ApiException(ErrorCode.VisibleLabelRequired, "no operator has allowed this app to omit it");
                    }
                    return null;
                });
        return allowed.flatMap(ignored -> logoOf(app.appId(), logoArea)).flatMap(logoBytes -> labelling.label(image,
                        new LabellingService.Options(visible, where, text, logoBytes, logoArea, jpegQuality), app,
                        subjectId))
                .map(LabelResource::answer);
    }

    static VisibleLabel.Corner corner(String value) {
        VisibleLabel.Corner corner = VisibleLabel.Corner.fromWire(value);
        if (corner == null) {
            throw new ApiException(ErrorCode.ValidationFailed, "corner is top-left, top-right, bottom-left or bottom-right");
        }
        return corner;
    }

    /** The JPEG quality asked for, 0.5 to 1 as the fusion request takes it; null for the default. */
    static Float jpegQuality(Float value) {
        if (value != null && !(value >= 0.5f && value <= 1f)) {
            throw new ApiException(ErrorCode.ValidationFailed, "quality is 0.5 to 1.0");
        }
        return value;
    }

    static VisibleLabel.Language language(String value) {
        VisibleLabel.Language language = VisibleLabel.Language.fromWire(value);
        if (language == null) {
            throw new ApiException(ErrorCode.ValidationFailed, "language is zh or en");
        }
        return language;
    }

    /** The labelled image, in its own format, with its content id in a header. */
    static Response answer(LabellingService.Labelled labelled) {
        return Response.ok(labelled.image())
                .type(labelled.format() == MetadataLabel.Format.PNG ? "image/png" : "image/jpeg")
                .header(CONTENT_ID_HEADER, labelled.contentId())
                .header(LABEL_RECEIPT_HEADER, labelled.receipt())
                .build();
    }

    /** The app's logo for labelled images (PNG or JPEG, at most 1 MB), drawn where a request's {@code logo} asks. */
    @PUT
    @Path("/logo")
    @Access(Caller.Kind.APP)
    @Consumes({"image/jpeg", "image/png"})
    public Uni<Response> uploadLogo(byte[] logo) {
        if (logo.length > 1_000_000) {
            throw new ApiException(ErrorCode.PayloadTooLarge, "a logo may be at most 1 MB");
        }
        if (MetadataLabel.formatOf(logo) == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, "a logo is a PNG or JPEG image");
        }
        Images.decode(logo, 4_000_000); // refuse what cannot be drawn now, not at labelling time
        Caller app = caller.get();
        return EventLoop.run(Panache.withTransaction(() -> LabelLogo.<LabelLogo>findById(app.appId()).flatMap(existing -> {
            LabelLogo stored = existing == null ? new LabelLogo() : existing;
            stored.appId = app.appId();
            stored.image = logo;
            stored.updatedAt = java.time.Instant.now();
            return existing == null ? stored.persist() : Uni.createFrom().item(stored);
        }))).map(ignored -> Response.noContent().build());
    }

    /** The app's uploaded logo where a request asks for it ({@code area} not null); refused if there is none. */
    static Uni<byte[]> logoOf(java.util.UUID appId, java.awt.Rectangle area) {
        if (area == null) {
            return Uni.createFrom().nullItem();
        }
        return EventLoop.run(Panache.withSession(() -> LabelLogo.<LabelLogo>findById(appId))).map(found -> {
            if (found == null) {
                throw new ApiException(ErrorCode.Conflict, "upload the app's logo first: PUT /v1/labels/logo");
            }
            return found.image;
        });
    }

    /** "x,y,width,height" in image pixels. */
    static java.awt.Rectangle rectangle(String value) {
        String[] parts = value.split(",");
        try {
            if (parts.length == 4) {
                return new java.awt.Rectangle(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ApiException(ErrorCode.ValidationFailed, "logo is x,y,width,height in image pixels");
    }

    /**
     * Public label detection: the metadata record, whether facefuse signed it, whether the content
     * was revoked; with an operator token, also who made it (the trace entries of its content id).
     * Anyone else is held to the public routes' rate per address.
     */
    @POST
    @Path("/inspection")
    @Access(Caller.Kind.PUBLIC)
    @Consumes({"image/jpeg", "image/png"})
    public Uni<LabellingService.Inspection> inspect(byte[] image,
                                                    @HeaderParam(TokenAuthenticator.OPERATOR_HEADER) String operatorToken,
                                                    @Context HttpServerRequest transport) {
        boolean operator = operatorToken != null;
        if (operator) {
            tokens.operator(operatorToken); // when sent, it must be valid: a wrong one is refused, not ignored
        }
        Uni<Void> admitted = operator ? Uni.createFrom().voidItem() : publicRates.admit(transport);
        return admitted.flatMap(ignored -> labelling.inspect(image)).flatMap(inspection -> {
            if (inspection.contentId() == null) {
                return Uni.createFrom().item(inspection);
            }
            Uni<LabellingService.Inspection> revocation = reports.revocationOf(inspection.contentId())
                    .map(r -> inspection.withRevocation(r != null, r == null ? null : r.refutationNote));
            if (!operator) {
                return revocation;
            }
            return revocation.flatMap(i -> trace.find(i.contentId(), null, null, 100)
                    .map(entries -> i.withTrace(entries.stream().map(TraceEntryView::of).toList())));
        });
    }
}
