package io.facefuse.subjects;

import io.facefuse.http.EventLoop;
import io.facefuse.consent.ConsentService;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** A subject's rights, exercised through the app: a copy of everything, erasure, its receipts. */
@Path("/v1/subjects/{subjectId}")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class SubjectResource {

    private final SubjectRights rights;
    private final CurrentCaller caller;

    SubjectResource(SubjectRights rights, CurrentCaller caller) {
        this.rights = rights;
        this.caller = caller;
    }

    /** Everything facefuse holds about the subject for this app, as one document with links to the media. */
    @GET
    @Path("/export")
    public Uni<SubjectRights.Export> export(@PathParam("subjectId") String subjectId) {
        return rights.export(caller.get().appId(), subjectId);
    }

    /** Erases the subject's results and media now; the answer is the receipt. */
    @DELETE
    public Uni<SubjectRights.ReceiptView> erase(@PathParam("subjectId") String subjectId) {
        return rights.erase(caller.get(), subjectId, "erasure_request");
    }

    @GET
    @Path("/deletion-receipts")
    public Uni<List<SubjectRights.ReceiptView>> receipts(@PathParam("subjectId") String subjectId) {
        ConsentService.checkedSubjectId(subjectId);
        return EventLoop.run(Panache.withSession(() -> rights.receipts(caller.get().appId(), subjectId)));
    }
}
