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

/** One check moderation made: its verdicts as JSON, the image only as its SHA-256. */
@Entity
@Table(name = "moderation_check")
public class CheckRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "subject_id")
    public String subjectId;
    @Enumerated(EnumType.STRING)
    public CheckRole role;
    @Column(name = "content_sha256")
    public String contentSha256;
    @Column(name = "content_id")
    public String contentId;
    @Column(name = "template_id")
    public UUID templateId;
    @Enumerated(EnumType.STRING)
    public Verdict verdict;
    public int score;
    public String reason;
    @Column(columnDefinition = "text")
    public String result;
    @Column(name = "created_at")
    public Instant createdAt;
}
