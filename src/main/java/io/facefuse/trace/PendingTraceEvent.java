package io.facefuse.trace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A trace event, as JSON, kept for the labelling function: one that could not reach it, or the release
 * of an output, kept with its result until the labelling function appends it ({@link TraceOutbox}).
 */
@Entity
@Table(name = "pending_trace_event")
public class PendingTraceEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(columnDefinition = "text")
    public String event;

    /** When the event was kept: its call failed, or (a release) its output was recorded. */
    @Column(name = "failed_at")
    public Instant failedAt;

    /** For the release of an output: the receipt of its label's held entry ({@link HeldEntries}); else null. */
    @Column(columnDefinition = "text")
    public String receipt;

    /** Why the outbox could not append it (left for people to look at, no longer taken); null until then. */
    @Column(columnDefinition = "text")
    public String refused;
}
