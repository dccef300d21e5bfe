package io.facefuse.labelling;

import io.facefuse.apps.App;
import io.facefuse.consent.ConsentService;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.facefuse.security.TokenAuthenticator;
import io.facefuse.reports.ReportService;
import io.facefuse.trace.TraceEntryView;
import io.facefuse.trace.TraceLog;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
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

    private final LabellingService labelling;
    private final CurrentCaller caller;
    private final ReportService reports;
    private final TraceLog trace;
    private final TokenAuthenticator tokens;

    LabelResource(LabellingService labelling, CurrentCaller caller, ReportService reports, TraceLog trace,
                  TokenAuthenticator tokens) {
        this.labelling = labelling;
        this.caller = caller;
        this.reports = reports;
        this.trace = trace;
        this.tokens = tokens;
    }

    /** The image back with its visible label and signed metadata, and its content id in a header. */
    @POST
    @Access(Caller.Kind.APP)
    @Consumes({"image/jpeg", "image/png"})
    public Uni<Response> label(byte[] image,
                               @QueryParam("corner") @DefaultValue("bottom-right") String corner,
                               @QueryParam("language") @DefaultValue("zh") String language,
                               @QueryParam("visible") @DefaultValue("true") boolean visible,
                               @QueryParam("subjectId") String subjectId) {
        VisibleLabel.Corner where = VisibleLabel.Corner.fromWire(corner);
        VisibleLabel.Language text = VisibleLabel.Language.fromWire(language);
        if (where == null || text == null) {
            throw new ApiException(ErrorCode.ValidationFailed,
                    "corner is top-left, top-right, bottom-left or bottom-right; language is zh or en");
        }
        if (subjectId != null && !ConsentService.SUBJECT_ID.matcher(subjectId).matches()) {
            throw new ApiException(ErrorCode.ValidationFailed, "subjectId must be 1-128 of [A-Za-z0-9._:-]");
        }
        Caller app = caller.get();
        Uni<Void> allowed = visible ? Uni.createFrom().voidItem() : EventLoop.run(Panache.withSession(
                () -> App.<App>findById(app.appId()))).map(found -> {
                    // switching the visible label off needs an operator's approval for this app
                    if (!found.visibleLabelOptional) {
                        throw new ApiException(ErrorCode.VisibleLabelRequired, "no operator has allowed this app to omit it");
                    }
                    return null;
                });
        return allowed.flatMap(ignored -> labelling.label(image, new LabellingService.Options(visible, where, text), app, subjectId))
                .map(labelled -> Response.ok(labelled.image())
                        .type(labelled.format() == MetadataLabel.Format.PNG ? "image/png" : "image/jpeg")
                        .header(CONTENT_ID_HEADER, labelled.contentId())
                        .build());
    }

    /**
     * Public label detection: the metadata record, whether facefuse signed it, whether the content
     * was revoked; with an operator token, also who made it (the trace entries of its content id).
     */
    @POST
    @Path("/inspection")
    @Access(Caller.Kind.PUBLIC)
    @Consumes({"image/jpeg", "image/png"})
    public Uni<LabellingService.Inspection> inspect(byte[] image,
                                                    @HeaderParam(TokenAuthenticator.OPERATOR_HEADER) String operatorToken) {
        boolean operator = operatorToken != null;
        if (operator) {
            tokens.operator(operatorToken); // when sent, it must be valid: a wrong one is refused, not ignored
        }
        return labelling.inspect(image).flatMap(inspection -> {
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
