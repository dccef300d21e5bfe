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
    @Column(columnDefinition = "text")
    public String removed;
    @Column(name = "completed_at")
    public Instant completedAt;

    /** A receipt completed now, for {@code removed} (JSON). */
    public static DeletionReceipt of(UUID appId, String subjectRef, String trigger, String removed) {
        DeletionReceipt receipt = new DeletionReceipt();
        receipt.id = UUID.randomUUID();
        receipt.appId = appId;
        receipt.subjectRef = subjectRef;
        receipt.trigger = trigger;
        receipt.removed = removed;
        receipt.completedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return receipt;
    }
}
