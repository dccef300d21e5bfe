package io.facefuse.templates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A template ("material"): an app's image that users' faces are fused into. */
@Entity
@Table(name = "template")
public class Template extends PanacheEntityBase {

    public enum Status { pending, approved, rejected }

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    public String name;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "status_reason")
    public String statusReason;
    public int width;
    public int height;
    @Column(name = "media_type")
    public String mediaType;
    /** Where the image is in the media store; null once rejected (the image is not kept). */
    @Column(name = "media_key")
    public String mediaKey;
    @Column(name = "face_degree")
    public int faceDegree;
    @Column(name = "profile_degree")
    public int profileDegree;
    @Column(name = "check_id")
    public UUID checkId;
    @Column(name = "review_task_id")
    public UUID reviewTaskId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
