package io.facefuse.moderation;

import io.facefuse.consent.ConsentService;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * Operators run moderation: each app's policy, the review queue, and the standing of apps and
 * subjects. Part of the moderation function. (The feature library has its own resource.)
 */
@Path("/v1/ops/moderation")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class OperatorModerationResource {

    private final PolicyService policies;
    private final ReviewQueue reviews;
    private final AccountStanding standing;
    private final CurrentCaller caller;

    OperatorModerationResource(PolicyService policies, ReviewQueue reviews, AccountStanding standing,
                               CurrentCaller caller) {
        this.policies = policies;
        this.reviews = reviews;
        this.standing = standing;
        this.caller = caller;
    }

    @GET
    @Path("/policies/{appId}")
    public Uni<ModerationPolicy> policy(@PathParam("appId") UUID appId) {
        return Panache.withSession(() -> policies.policy(appId));
    }

    @PUT
    @Path("/policies/{appId}")
    public Uni<ModerationPolicy> setPolicy(@PathParam("appId") UUID appId, @Valid @NotNull ModerationPolicy policy) {
        return policies.set(appId, policy, caller.get().actor());
    }

    /** Back to the configured defaults. */
    @DELETE
    @Path("/policies/{appId}")
    public Uni<ModerationPolicy> resetPolicy(@PathParam("appId") UUID appId) {
        return policies.reset(appId);
    }

    /** Tasks in one status (default open), oldest first. */
    @GET
    @Path("/reviews")
    public Uni<List<ReviewQueue.TaskView>> reviews(@QueryParam("status") String status) {
        return reviews.list(status == null ? ReviewTask.Status.open
                : ModerationViews.parse(ReviewTask.Status.class, status, "status"));
    }

    @GET
    @Path("/reviews/{id}")
    public Uni<ReviewQueue.TaskView> review(@PathParam("id") UUID id) {
        return reviews.get(id).map(ReviewQueue.TaskView::of);
    }

    /** The image under review, until the task is decided. */
    @GET
    @Path("/reviews/{id}/media")
    public Uni<Response> media(@PathParam("id") UUID id) {
        return reviews.get(id).map(task -> task.media == null
                ? Response.status(Response.Status.GONE).build()
                : Response.ok(task.media).type(task.mediaType).build());
    }

    @POST
    @Path("/reviews/{id}/claim")
    public Uni<ReviewQueue.TaskView> claim(@PathParam("id") UUID id) {
        return reviews.claim(id, caller.get().actor());
    }

    @POST
    @Path("/reviews/{id}/decision")
    public Uni<ReviewQueue.TaskView> decide(@PathParam("id") UUID id, @Valid @NotNull ModerationViews.Decision decision) {
        return reviews.decide(id, decision.decision(), decision.note(), caller.get().actor());
    }

    /** An app's standing ({@code subjectId} absent) or one subject's. */
    @GET
    @Path("/standing/{appId}")
    public Uni<AccountStanding.Standing> standing(@PathParam("appId") UUID appId, @QueryParam("subjectId") String subjectId) {
        if (subjectId != null) {
            ConsentService.checkedSubjectId(subjectId);
        }
        return Panache.withSession(() -> standing.of(appId, subjectId));
    }

    /** Freezes a subject: moderation, and so fusion, refuses everything of theirs until unfrozen. */
    @POST
    @Path("/standing/{appId}/subjects/{subjectId}/freeze")
    public Uni<AccountStanding.Standing> freeze(@PathParam("appId") UUID appId, @PathParam("subjectId") String subjectId,
                                                @Valid @NotNull ModerationViews.Reasoned why) {
        return standing.set(appId, ConsentService.checkedSubjectId(subjectId), AccountAction.Kind.freeze, why.reason(),
                caller.get().actor());
    }

    @POST
    @Path("/standing/{appId}/subjects/{subjectId}/unfreeze")
    public Uni<AccountStanding.Standing> unfreeze(@PathParam("appId") UUID appId, @PathParam("subjectId") String subjectId,
                                                  @Valid @NotNull ModerationViews.Reasoned why) {
        return standing.set(appId, ConsentService.checkedSubjectId(subjectId), AccountAction.Kind.unfreeze, why.reason(),
                caller.get().actor());
    }
}
