package io.facefuse.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One grant or withdrawal of a subject's consent. Rows are only ever added: they are the history. */
@Entity
@Table(name = "consent_event")
public class ConsentEvent extends PanacheEntityBase {

    /** CORRECTED: the same consent, in force, with attributes corrected (003 §3.5.1(5)). */
    public enum Action { GRANTED, WITHDRAWN, CORRECTED }

    @Id
    public UUID id;

    @Column(name = "app_id")
    public UUID appId;

    @Column(name = "subject_id")
    public String subjectId;

    @Enumerated(EnumType.STRING)
    public ConsentPurpose purpose;

    @Enumerated(EnumType.STRING)
    public Action action;

    @Column(name = "notice_version")
    public String noticeVersion;

    @Column(name = "keypoints_notice_shown")
    public Boolean keypointsNoticeShown;

    @Column(name = "own_photos_notice_shown")
    public Boolean ownPhotosNoticeShown;

    @Column(name = "identity_verified")
    public Boolean identityVerified;

    @Column(name = "identity_verified_at")
    public Instant identityVerifiedAt;

    @Column(name = "guardian_consent")
    public Boolean guardianConsent;

    public String reason;

    /** When the subject acted, as the app reports it. */
    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** When facefuse recorded it. */
    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "recorded_by")
    public String recordedBy;
}
