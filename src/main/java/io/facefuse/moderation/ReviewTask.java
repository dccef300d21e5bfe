package io.facefuse.moderation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A check that people look at: every review verdict, and a sample of passes. */
@Entity
@Table(name = "review_task")
public class ReviewTask extends PanacheEntityBase {

    public enum Status { open, claimed, decided }

    public enum Decision { pass, block, escalate }

    @Id
    public UUID id;
    @Column(name = "check_id")
    public UUID checkId;
    @Column(name = "app_id")
    public UUID appId;
    @Enumerated(EnumType.STRING)
    public CheckRole role;
    @Column(name = "content_id")
    public String contentId;
    @Column(name = "template_id")
    public UUID templateId;
    public boolean sampled;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** The image under review, dropped once decided. */
    public byte[] media;
    @Column(name = "media_type")
    public String mediaType;
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "claimed_at")
    public Instant claimedAt;
    @Enumerated(EnumType.STRING)
    public Decision decision;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String note;
    @Column(name = "created_at")
    public Instant createdAt;
}
