package io.facefuse.fusion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A fusion that produced an output: who, from which template, its content id, and where a stored result is. */
@Entity
@Table(name = "fusion_result")
public class FusionRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "subject_id")
    public String subjectId;
    @Column(name = "template_id")
    public UUID templateId;
    @Column(name = "content_id")
    public String contentId;
    /** Set only for stored results. */
    @Column(name = "media_key")
    public String mediaKey;
    @Column(name = "media_type")
    public String mediaType;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
