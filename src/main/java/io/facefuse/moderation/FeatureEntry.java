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

/**
 * An entry of the feature library: a face as its embedding (never the photo) or an image as its
 * perceptual hash, with its category and who added it, why and when. Retired, never deleted.
 */
@Entity
@Table(name = "feature_entry")
public class FeatureEntry extends PanacheEntityBase {

    public enum Kind { face, image }

    public enum Category { protected_public_figure, banned_person, victim_protection, illegal_content, harmful_content }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    public Category category;
    public String label;
    /** The unit embedding as signed bytes (value × 127). */
    public byte[] embedding;
    public Long phash;
    @Column(name = "phash_mirror")
    public Long phashMirror;
    /** Faces: the least cosine similarity that matches; images: the most Hamming distance. */
    public double threshold;
    public String reason;
    @Column(name = "added_by")
    public String addedBy;
    @Column(name = "added_at")
    public Instant addedAt;
    @Column(name = "retired_by")
    public String retiredBy;
    @Column(name = "retired_at")
    public Instant retiredAt;
    @Column(name = "retire_reason")
    public String retireReason;
}
