package io.facefuse.consent;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.facefuse.subjects.SubjectRights;
import io.smallrye.mutiny.Uni;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.ResponseStatus;

/** An app records, withdraws and reads its subjects' consent. Part of the fusion function. */
@Path("/v1/subjects/{subjectId}/consents")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ConsentResource {

    private final ConsentService consents;
    private final CurrentCaller caller;
    private final SubjectRights rights;

    ConsentResource(ConsentService consents, CurrentCaller caller, SubjectRights rights) {
        this.rights = rights;
        this.consents = consents;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<ConsentViews.ConsentState> grant(@PathParam("subjectId") String subjectId,
                                                @Valid @NotNull ConsentViews.Grant grant) {
        return consents.grant(caller.get(), ConsentService.checkedSubjectId(subjectId), grant);
    }

    @GET
    public Uni<ConsentViews.SubjectConsents> read(@PathParam("subjectId") String subjectId) {
        return consents.consents(caller.appId(), ConsentService.checkedSubjectId(subjectId));
    }

    /** Corrects the consent's attributes (identity verification, the guardian's consent), with a reason. */
    @POST
    @Path("/{purpose}/correction")
    public Uni<ConsentViews.ConsentState> correct(@PathParam("subjectId") String subjectId,
                                                  @PathParam("purpose") String purpose,
                                                  @Valid @jakarta.validation.constraints.NotNull ConsentViews.Correction correction) {
        ConsentPurpose known = ConsentPurpose.fromWire(purpose);
        if (known == null) {
            throw new ApiException(ErrorCode.NotFound, "no consent purpose " + purpose);
        }
        return consents.correct(caller.get(), ConsentService.checkedSubjectId(subjectId), known, correction);
    }

    @POST
    @Path("/{purpose}/withdrawal")
    public Uni<ConsentViews.ConsentState> withdraw(@PathParam("subjectId") String subjectId,
                                                   @PathParam("purpose") String purpose,
                                                   @Valid ConsentViews.Withdrawal withdrawal) {
        ConsentPurpose known = ConsentPurpose.fromWire(purpose);
        if (known == null) {
            throw new ApiException(ErrorCode.NotFound, "no consent purpose " + purpose);
        }
        // withdrawal means deletion: what was made from the subject's face goes at once (the receipt
        // is at GET /v1/subjects/{subjectId}/deletion-receipts)
        String subject = ConsentService.checkedSubjectId(subjectId);
        return consents.withdraw(caller.get(), subject, known, withdrawal)
                .call(state -> known == ConsentPurpose.FACE_FUSION
                        ? rights.erase(caller.get(), subject, "withdrawal") : Uni.createFrom().nullItem());
    }
}
