package io.facefuse.moderation;

import io.facefuse.clients.Dependencies;
import io.facefuse.clients.FusionClient;
import io.facefuse.clients.LabellingClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.reports.InternalRevocationResource;
import io.facefuse.templates.TemplateViews;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * People's half of moderation (seed 000 §3.2(1)): list, claim, decide. A decision is recorded on the
 * task and in the trace log, the image is dropped, and the decision acts: a block on an output
 * revokes it through the labelling function and counts against the account like a machine block;
 * a decision on a template approves or rejects it in the fusion function. An escalation puts the
 * task back in the queue for a senior reviewer.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ReviewQueue {

    /** A task as reviewers see it; the image is fetched separately. */
    public record TaskView(UUID id, UUID checkId, UUID appId, CheckRole role, String contentId, UUID templateId,
                           boolean sampled, ReviewTask.Status status, boolean mediaAvailable, String claimedBy,
                           ReviewTask.Decision decision, String decidedBy, Instant decidedAt, String note,
                           Instant createdAt) {
        static TaskView of(ReviewTask t) {
            return new TaskView(t.id, t.checkId, t.appId, t.role, t.contentId, t.templateId, t.sampled, t.status,
                    t.media != null, t.claimedBy, t.decision, t.decidedBy, t.decidedAt, t.note, t.createdAt);
        }
    }

    private final LabellingClient labelling;
    private final FusionClient fusion;
    private final TraceRecorder trace;
    private final AccountStanding standing;

    ReviewQueue(@RestClient LabellingClient labelling, @RestClient FusionClient fusion, TraceRecorder trace,
                AccountStanding standing) {
        this.labelling = labelling;
        this.fusion = fusion;
        this.trace = trace;
        this.standing = standing;
    }

    public Uni<List<TaskView>> list(ReviewTask.Status status) {
        return Panache.withSession(() -> ReviewTask.<ReviewTask>list("status = ?1 order by createdAt", status))
                .map(tasks -> tasks.stream().map(TaskView::of).toList());
    }

    public Uni<ReviewTask> get(UUID id) {
        return Panache.withSession(() -> find(id));
    }

    public Uni<TaskView> claim(UUID id, String reviewer) {
        return Panache.withTransaction(() -> find(id).map(task -> {
            if (task.status == ReviewTask.Status.decided) {
                throw new ApiException(ErrorCode.Conflict, "task " + id + " is decided");
            }
            if (task.status == ReviewTask.Status.claimed && !reviewer.equals(task.claimedBy)) {
                throw new ApiException(ErrorCode.Conflict, "task " + id + " is claimed by " + task.claimedBy);
            }
            task.status = ReviewTask.Status.claimed;
            task.claimedBy = reviewer;
            task.claimedAt = now();
            return TaskView.of(task);
        }));
    }

    public Uni<TaskView> decide(UUID id, ReviewTask.Decision decision, String note, String reviewer) {
        return Panache.withTransaction(() -> find(id).flatMap(task -> {
            if (task.status != ReviewTask.Status.claimed || !reviewer.equals(task.claimedBy)) {
                throw new ApiException(ErrorCode.Conflict, "claim task " + id + " before deciding it");
            }
            task.decision = decision;
            task.decidedBy = reviewer;
            task.decidedAt = now();
            task.note = note;
            if (decision == ReviewTask.Decision.escalate) {
                task.status = ReviewTask.Status.open; // back in the queue, marked escalated
                task.claimedBy = null;
                task.claimedAt = null;
                return Uni.createFrom().item(task);
            }
            task.status = ReviewTask.Status.decided;
            task.media = null;
            task.mediaType = null;
            if (decision != ReviewTask.Decision.block) {
                return Uni.createFrom().item(task);
            }
            return CheckRecord.<CheckRecord>findById(task.checkId)
                    .call(check -> Panache.flush().call(() -> standing.afterContentBlock(check.appId, check.subjectId, check.id)))
                    .replaceWith(task);
        })).call(task -> act(task, reviewer)).map(TaskView::of);
    }

    /** What a decision sets off beyond the queue, after it is committed. */
    private Uni<Void> act(ReviewTask task, String reviewer) {
        Uni<Void> traced = trace.record(new TraceEvent(reviewer, task.appId, null, "review.decide", null, null,
                task.contentId, task.decision.name(), "task " + task.id + " (" + task.role + ")")).replaceWithVoid();
        if (task.decision == ReviewTask.Decision.block && task.contentId != null) {
            return traced.call(() -> Dependencies.call("labelling", labelling.revoke(
                    new InternalRevocationResource.Revocation(task.contentId, "blocked in review: " + task.note,
                            reviewer))));
        }
        if (task.templateId != null && task.decision != ReviewTask.Decision.escalate) {
            // the template waits as pending in the fusion function until people decide
            return traced.call(() -> Dependencies.call("fusion", fusion.reviewTemplate(task.templateId,
                    new TemplateViews.ReviewOutcome(task.decision == ReviewTask.Decision.pass,
                            "blocked in review: " + task.note)))
                    // the app may have deleted the template while it waited
                    .onFailure(e -> e instanceof ApiException api && api.code() == ErrorCode.TemplateNotFound)
                    .recoverWithNull());
        }
        return traced;
    }

    private static Uni<ReviewTask> find(UUID id) {
        return ReviewTask.<ReviewTask>findById(id).map(task -> {
            if (task == null) {
                throw new ApiException(ErrorCode.ReviewTaskNotFound, "task " + id);
            }
            return task;
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
