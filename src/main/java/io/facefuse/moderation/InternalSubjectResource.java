package io.facefuse.moderation;

import io.facefuse.consent.ConsentService;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What moderation holds about one subject, for the fusion function's export and erasure. Checks
 * keep their verdicts and image hashes, but an erased subject's id is removed from them and the
 * images kept for reviewers are dropped. Actions on the subject (freezes) stay: they are the record
 * of enforcement the seed terms require.
 */
@Path("/internal/v1/moderation/subjects/{appId}/{subjectId}")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class InternalSubjectResource {

    public record CheckSummary(UUID checkId, CheckRole role, Verdict verdict, String reason, Instant createdAt) {
    }

    public record SubjectRecord(List<CheckSummary> checks, AccountStanding.Standing standing) {
    }

    /** What erasure removed here. */
    public record Erased(long checksPseudonymised, long reviewImagesRemoved) {
    }

    private final AccountStanding standing;

    InternalSubjectResource(AccountStanding standing) {
        this.standing = standing;
    }

    @GET
    public Uni<SubjectRecord> export(@PathParam("appId") UUID appId, @PathParam("subjectId") String subjectId) {
        ConsentService.checkedSubjectId(subjectId);
        return Panache.withSession(() -> CheckRecord.<CheckRecord>list("appId = ?1 and subjectId = ?2 order by createdAt",
                        appId, subjectId)
                .map(checks -> checks.stream().map(c -> new CheckSummary(c.id, c.role, c.verdict, c.reason, c.createdAt)).toList())
                .flatMap(checks -> standing.of(appId, subjectId).map(s -> new SubjectRecord(checks, s))));
    }

    /** A freeze another function decided (labelling, resolving a report). */
    @POST
    @Path("/freeze")
    public Uni<AccountStanding.Standing> freeze(@PathParam("appId") UUID appId, @PathParam("subjectId") String subjectId,
                                                @jakarta.validation.Valid @jakarta.validation.constraints.NotNull
                                                ModerationViews.Reasoned why) {
        return standing.set(appId, ConsentService.checkedSubjectId(subjectId), AccountAction.Kind.freeze, why.reason(),
                "labelling");
    }

    @POST
    @Path("/erasure")
    public Uni<Erased> erase(@PathParam("appId") UUID appId, @PathParam("subjectId") String subjectId) {
        ConsentService.checkedSubjectId(subjectId);
        return Panache.withTransaction(() -> ReviewTask.update(
                        "media = null, mediaType = null where checkId in (select c.id from CheckRecord c "
                                + "where c.appId = ?1 and c.subjectId = ?2) and media is not null", appId, subjectId)
                .flatMap(images -> CheckRecord.update("subjectId = null where appId = ?1 and subjectId = ?2", appId, subjectId)
                        .map(checks -> new Erased(checks, images))));
    }
}
