package io.facefuse.reports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One step taken on a ticket: filed, assigned, resolved. */
@Entity
@Table(name = "report_step")
public class ReportStep extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "ticket_id")
    public UUID ticketId;

    public Instant at;

    public String actor;

    public String action;

    public String note;
}
