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

/** An app's own moderation policy, set by an operator. */
@Entity
@Table(name = "moderation_policy")
public class PolicyRecord extends PanacheEntityBase {

    @Id
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "review_from")
    public int reviewFrom;
    @Column(name = "block_from")
    public int blockFrom;
    @Column(name = "min_face_pixels")
    public int minFacePixels;
    @Column(name = "max_faces")
    public int maxFaces;
    @Column(name = "max_yaw")
    public int maxYaw;
    @Column(name = "max_pitch")
    public int maxPitch;
    @Column(name = "min_sharpness")
    public int minSharpness;
    @Column(name = "minor_age")
    public int minorAge;
    @Enumerated(EnumType.STRING)
    @Column(name = "minor_action")
    public ModerationPolicy.MinorAction minorAction;
    @Column(name = "input_retention_hours")
    public int inputRetentionHours;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;

    ModerationPolicy policy() {
        return new ModerationPolicy(reviewFrom, blockFrom, minFacePixels, maxFaces, maxYaw, maxPitch, minSharpness,
                minorAge, minorAction, inputRetentionHours);
    }

    void set(ModerationPolicy policy) {
        reviewFrom = policy.reviewFrom();
        blockFrom = policy.blockFrom();
        minFacePixels = policy.minFacePixels();
        maxFaces = policy.maxFaces();
        maxYaw = policy.maxYaw();
        maxPitch = policy.maxPitch();
        minSharpness = policy.minSharpness();
        minorAge = policy.minorAge();
        minorAction = policy.minorAction();
        inputRetentionHours = policy.inputRetentionHours();
    }
}
