package io.facefuse.moderation;

import io.facefuse.apps.AppStatus;
import io.facefuse.apps.AppViews;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.FusionClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.trace.TraceEvent;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
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
 * Actions on accounts (seed 000 §3.2(4), §3.10): repeated blocks for content raise a warning, then
 * a restriction (everything the app or subject sends goes to people), then suspension (a subject is
 * frozen; an app is suspended through the fusion function, which owns apps). Operators freeze and
 * unfreeze subjects. A subject's standing is its latest action; an app's is its latest app-wide one.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class AccountStanding {

    /** Reason codes that count as a block for content, as opposed to an unusable photo. */
    static final List<String> CONTENT_BLOCKS = List.of("NsfwContent", "FeatureLibraryMatch");

    public enum Level { good, warned, restricted, frozen }

    public record Standing(UUID appId, String subjectId, Level level, AccountAction.Kind lastAction, String reason,
                           Instant since) {
    }

    private final ModerationConfig config;
    private final FusionClient fusion;
    private final TraceRecorder trace;

    AccountStanding(ModerationConfig config, @RestClient FusionClient fusion, TraceRecorder trace) {
        this.config = config;
        this.fusion = fusion;
        this.trace = trace;
    }

    /** The standing of a subject ({@code subjectId} given) or of an app as a whole. Needs a session. */
    public Uni<Standing> of(UUID appId, String subjectId) {
        Uni<AccountAction> latest = subjectId == null
                ? AccountAction.<AccountAction>find("appId = ?1 and subjectId is null order by at desc", appId).firstResult()
                : AccountAction.<AccountAction>find("appId = ?1 and subjectId = ?2 order by at desc", appId, subjectId)
                .firstResult();
        return latest.map(action -> action == null
                ? new Standing(appId, subjectId, Level.good, null, null, null)
                : new Standing(appId, subjectId, level(action.action), action.action, action.reason, action.at));
    }

    /**
     * Where a check stands before it runs: {@code level}, the subject's standing (the app's where no
     * subject is named), and whether the subject or the app is restricted.
     */
    public record Gate(Level level, boolean restricted) {
    }

    /** Refuses a frozen subject before anything of theirs is processed. Needs a session. */
    public Uni<Gate> requireUnfrozenAndTellRestricted(UUID appId, String subjectId) {
        Uni<Standing> subject = subjectId == null ? Uni.createFrom().nullItem() : of(appId, subjectId);
        return subject.flatMap(s -> {
            if (s != null && s.level() == Level.frozen) {
                throw new ApiException(ErrorCode.SubjectFrozen, "subject " + subjectId + ": " + s.reason());
            }
            return of(appId, null).map(app -> new Gate(s == null ? app.level() : s.level(),
                    s != null && s.level() == Level.restricted || app.level() == Level.restricted));
        });
    }

    /** An operator's freeze or unfreeze of a subject. */
    public Uni<Standing> set(UUID appId, String subjectId, AccountAction.Kind kind, String reason, String actor) {
        return Panache.withTransaction(() -> record(appId, subjectId, kind, reason, actor, null)
                        .flatMap(ignored -> of(appId, subjectId)))
                .call(standing -> trace.record(TraceEvent.of(actor, appId, subjectId, "subject." + kind.name(), "ok", reason)));
    }

    /**
     * After a block for content: counts the blocks of the subject and of the app within the window
     * and takes the next step where a count has reached one. Runs in the caller's transaction.
     */
    public Uni<Void> afterContentBlock(UUID appId, String subjectId, UUID checkId) {
        Uni<Void> subjectStep = subjectId == null ? Uni.createFrom().voidItem() : step(appId, subjectId, checkId);
        return subjectStep.flatMap(ignored -> step(appId, null, checkId));
    }

    private Uni<Void> step(UUID appId, String subjectId, UUID checkId) {
        return of(appId, subjectId).flatMap(standing -> {
            // an operator's unfreeze starts the count afresh
            Instant since = now().minus(config.actions().window());
            if (standing.lastAction() == AccountAction.Kind.unfreeze && standing.since().isAfter(since)) {
                since = standing.since();
            }
            return countBlocks(subjectId == null ? "c.app_id = ?1" : "c.app_id = ?1 and c.subject_id = ?3", appId,
                    subjectId, since).flatMap(count -> escalate(standing, count, checkId));
        });
    }

    private Uni<Void> escalate(Standing standing, long count, UUID checkId) {
        AccountAction.Kind due = count >= config.actions().suspendAfter() ? AccountAction.Kind.suspension
                : count >= config.actions().restrictAfter() ? AccountAction.Kind.restriction
                : count >= config.actions().warnAfter() ? AccountAction.Kind.warning : null;
        if (due == null || standing.level().ordinal() >= level(due).ordinal()) {
            return Uni.createFrom().voidItem(); // nothing due, or already there (or an operator went further)
        }
        UUID appId = standing.appId();
        String reason = count + " blocks for content within " + config.actions().window();
        Uni<Void> recorded = record(appId, standing.subjectId(), due, reason, "moderation", checkId)
                .call(() -> trace.record(TraceEvent.of("moderation", appId, standing.subjectId(),
                        (standing.subjectId() == null ? "app." : "subject.") + due.name(), "ok", reason)))
                .replaceWithVoid();
        if (standing.subjectId() == null && due == AccountAction.Kind.suspension) {
            return recorded.call(() -> Dependencies.call("fusion", fusion.changeStatus(appId,
                    new AppViews.StatusChange(AppStatus.SUSPENDED, "moderation: " + reason))));
        }
        return recorded;
    }

    private Uni<Long> countBlocks(String target, UUID appId, String subjectId, Instant since) {
        String sql = "select count(*) from moderation_check c where " + target + " and c.created_at > ?2 and ("
                + "(c.verdict = 'block' and c.reason in ('NsfwContent', 'FeatureLibraryMatch')) "
                + "or exists (select 1 from review_task t where t.check_id = c.id and t.decision = 'block'))";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Long.class).setParameter(1, appId).setParameter(2, since);
            if (subjectId != null) {
                query.setParameter(3, subjectId);
            }
            return query.getSingleResult();
        });
    }

    private static Uni<AccountAction> record(UUID appId, String subjectId, AccountAction.Kind kind, String reason,
                                             String actor, UUID checkId) {
        AccountAction action = new AccountAction();
        action.id = UUID.randomUUID();
        action.appId = appId;
        action.subjectId = subjectId;
        action.action = kind;
        action.reason = reason;
        action.actor = actor;
        action.checkId = checkId;
        action.at = now();
        return action.persist();
    }

    private static Level level(AccountAction.Kind kind) {
        return switch (kind) {
            case warning -> Level.warned;
            case restriction -> Level.restricted;
            case suspension, freeze -> Level.frozen;
            case unfreeze -> Level.good;
        };
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
