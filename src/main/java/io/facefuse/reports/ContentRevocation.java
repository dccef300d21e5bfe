package io.facefuse.reports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Content an operator revoked; label inspection reports it, with the refutation for false information. */
@Entity
@Table(name = "content_revocation")
public class ContentRevocation extends PanacheEntityBase {

    @Id
    @Column(name = "content_id")
    public String contentId;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    public String reason;

    @Column(name = "refutation_note")
    public String refutationNote;

    @Column(name = "ticket_id")
    public UUID ticketId;
}
