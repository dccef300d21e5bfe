package io.facefuse.subjects;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** What an erasure removed and when; it names the subject only by a hash. */
@Entity
@Table(name = "deletion_receipt")
public class DeletionReceipt extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "app_id")
    public UUID appId;
    @Column(name = "subject_ref")
    public String subjectRef;
    public String trigger;
    /** JSON: what was removed, by kind. */
    public String removed;
    @Column(name = "completed_at")
    public Instant completedAt;
}
