package io.facefuse.consent;

import io.facefuse.clients.TraceRecorder;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.trace.TraceEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Consent records (seed 000 §3.5, §3.6): grants, withdrawals, their history, and the one question
 * every later stage asks before touching a face: {@link #requireFaceProcessing}.
 */
@ApplicationScoped
public class ConsentService {

    /** Subject ids are the app's pseudonyms: opaque, short, and never a name or a phone number. */
    public static final Pattern SUBJECT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final TraceRecorder trace;

    /** The subject id, if it is a well-formed pseudonym; refused with {@code ValidationFailed} otherwise. */
    public static String checkedSubjectId(String subjectId) {
        if (subjectId == null || !SUBJECT_ID.matcher(subjectId).matches()) {
            throw new ApiException(ErrorCode.ValidationFailed,
                    "subjectId must be the app's pseudonym: 1-128 of [A-Za-z0-9._:-]");
        }
        return subjectId;
    }

    ConsentService(TraceRecorder trace) {
        this.trace = trace;
    }

    public Uni<ConsentViews.ConsentState> grant(Caller app, String subjectId, ConsentViews.Grant grant) {
        if (!grant.keypointsNoticeShown() || !grant.ownPhotosNoticeShown()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.NoticeNotAcknowledged,
                    "before consenting, the subject must be told that face keypoints are extracted and that only "
                            + "their own or authorised photos may be uploaded (keypointsNoticeShown, ownPhotosNoticeShown)"));
        }
        ConsentEvent event = newEvent(app, subjectId, grant.purpose(), ConsentEvent.Action.GRANTED);
        event.noticeVersion = grant.noticeVersion();
        event.keypointsNoticeShown = grant.keypointsNoticeShown();
        event.ownPhotosNoticeShown = grant.ownPhotosNoticeShown();
        event.identityVerified = grant.identityVerified();
        event.identityVerifiedAt = micros(grant.identityVerifiedAt());
        event.guardianConsent = grant.guardianConsent();
        event.occurredAt = grant.consentedAt() == null ? event.recordedAt : micros(grant.consentedAt());
        return Panache.withTransaction(() -> event.persist()
                .call(() -> trace.record(TraceEvent.of(app.actor(), app.appId(), subjectId, "consent.grant", "ok",
                        event.purpose.wireName() + " notice " + event.noticeVersion)))
                .flatMap(ignored -> state(app.appId(), subjectId, event.purpose)));
    }

    public Uni<ConsentViews.ConsentState> withdraw(Caller app, String subjectId, ConsentPurpose purpose,
                                                   ConsentViews.Withdrawal withdrawal) {
        return Panache.withTransaction(() -> latest(app.appId(), subjectId, purpose).flatMap(current -> {
            if (current == null || current.action == ConsentEvent.Action.WITHDRAWN) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict,
                        "subject " + subjectId + " has no consent to withdraw for " + purpose.wireName()));
            }
            ConsentEvent event = newEvent(app, subjectId, purpose, ConsentEvent.Action.WITHDRAWN);
            event.reason = withdrawal == null ? null : withdrawal.reason();
            event.occurredAt = withdrawal == null || withdrawal.withdrawnAt() == null
                    ? event.recordedAt : micros(withdrawal.withdrawnAt());
            return event.persist()
                    .call(() -> trace.record(TraceEvent.of(app.actor(), app.appId(), subjectId, "consent.withdraw",
                            "ok", purpose.wireName())))
                    .flatMap(ignored -> state(app.appId(), subjectId, purpose));
        }));
    }

    /**
     * Corrects the attributes of the consent in force (identity verification, guardian's consent):
     * a new event carrying the current one's facts with the corrections, so the history keeps both.
     */
    public Uni<ConsentViews.ConsentState> correct(Caller app, String subjectId, ConsentPurpose purpose,
                                                  ConsentViews.Correction correction) {
        return Panache.withTransaction(() -> latest(app.appId(), subjectId, purpose).flatMap(current -> {
            if (current == null || current.action == ConsentEvent.Action.WITHDRAWN) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict,
                        "subject " + subjectId + " has no consent in force to correct for " + purpose.wireName()));
            }
            ConsentEvent event = newEvent(app, subjectId, purpose, ConsentEvent.Action.CORRECTED);
            event.noticeVersion = current.noticeVersion;
            event.keypointsNoticeShown = current.keypointsNoticeShown;
            event.ownPhotosNoticeShown = current.ownPhotosNoticeShown;
            event.identityVerified = correction.identityVerified() == null ? current.identityVerified : correction.identityVerified();
            event.identityVerifiedAt = correction.identityVerifiedAt() == null ? current.identityVerifiedAt
                    : micros(correction.identityVerifiedAt());
            event.guardianConsent = correction.guardianConsent() == null ? current.guardianConsent : correction.guardianConsent();
            event.reason = correction.reason();
            event.occurredAt = event.recordedAt;
            return event.persist()
                    .call(() -> trace.record(TraceEvent.of(app.actor(), app.appId(), subjectId, "consent.correct",
                            "ok", purpose.wireName() + ": " + correction.reason())))
                    .flatMap(ignored -> state(app.appId(), subjectId, purpose));
        }));
    }

    public Uni<ConsentViews.SubjectConsents> consents(UUID appId, String subjectId) {
        // one session runs one query at a time, so the purposes are read in turn
        return Panache.withSession(() -> Multi.createFrom().items(ConsentPurpose.values())
                .onItem().transformToUniAndConcatenate(purpose -> state(appId, subjectId, purpose))
                .collect().asList()
                .map(all -> new ConsentViews.SubjectConsents(subjectId, all)));
    }

    /**
     * May this app process this subject's face now? Completes with the consent in force, or fails
     * with {@code ConsentMissing} or {@code ConsentWithdrawn}. Every stage that touches a face asks.
     */
    public Uni<ConsentEvent> requireFaceProcessing(UUID appId, String subjectId) {
        return Panache.withSession(() -> latest(appId, subjectId, ConsentPurpose.FACE_FUSION)).map(current -> {
            ErrorCode refusal = refusal(current);
            if (refusal != null) {
                throw new ApiException(refusal, "subject " + subjectId + ": " + refusal.title());
            }
            return current;
        });
    }

    /** Whether face-processing consent is in force now; needs a session (fusion re-checks it before keeping a result). */
    public Uni<Boolean> inForce(UUID appId, String subjectId) {
        return latest(appId, subjectId, ConsentPurpose.FACE_FUSION).map(current -> refusal(current) == null);
    }

    private Uni<ConsentViews.ConsentState> state(UUID appId, String subjectId, ConsentPurpose purpose) {
        return ConsentEvent.<ConsentEvent>list("appId = ?1 and subjectId = ?2 and purpose = ?3 order by recordedAt, id",
                appId, subjectId, purpose).map(history -> {
            ConsentEvent current = history.isEmpty() ? null : history.getLast();
            ErrorCode refusal = refusal(current);
            return new ConsentViews.ConsentState(subjectId, purpose, refusal == null,
                    refusal == null ? null : refusal.name(),
                    current == null ? null : ConsentViews.EventView.of(current),
                    history.stream().map(ConsentViews.EventView::of).toList());
        });
    }

    private static Uni<ConsentEvent> latest(UUID appId, String subjectId, ConsentPurpose purpose) {
        return ConsentEvent.<ConsentEvent>find(
                        "appId = ?1 and subjectId = ?2 and purpose = ?3 order by recordedAt desc, id desc",
                        appId, subjectId, purpose)
                .firstResult();
    }

    private static ErrorCode refusal(ConsentEvent current) {
        if (current == null) {
            return ErrorCode.ConsentMissing;
        }
        return current.action == ConsentEvent.Action.WITHDRAWN ? ErrorCode.ConsentWithdrawn : null;
    }

    private static ConsentEvent newEvent(Caller app, String subjectId, ConsentPurpose purpose,
                                         ConsentEvent.Action action) {
        ConsentEvent event = new ConsentEvent();
        event.id = UUID.randomUUID();
        event.appId = app.appId();
        event.subjectId = subjectId;
        event.purpose = purpose;
        event.action = action;
        event.recordedAt = micros(Instant.now());
        event.recordedBy = app.actor();
        return event;
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
