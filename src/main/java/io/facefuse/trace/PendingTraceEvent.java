package io.facefuse.trace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A trace event that could not reach the labelling function, as JSON, until {@link TraceOutbox} appends it. */
@Entity
@Table(name = "pending_trace_event")
public class PendingTraceEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    public String event;

    @Column(name = "failed_at")
    public Instant failedAt;
}
