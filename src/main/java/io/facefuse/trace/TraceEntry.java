package io.facefuse.trace;

import io.facefuse.security.RequestSignature;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the append-only trace log. {@link #entryHash} is the SHA-256 of the previous
 * entry's hash and this entry's fields, so changing, removing or reordering any past entry breaks
 * every hash after it.
 */
@Entity
@Table(name = "trace_entry")
public class TraceEntry extends PanacheEntityBase {

    /** The hash the first entry chains from. */
    public static final String GENESIS_HASH = "0".repeat(64);

    @Id
    public long seq;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String actor;

    @Column(name = "app_id")
    public UUID appId;

    @Column(name = "subject_id")
    public String subjectId;

    public String operation;

    @Column(name = "input_hash")
    public String inputHash;

    @Column(name = "output_hash")
    public String outputHash;

    @Column(name = "content_id")
    public String contentId;

    public String outcome;

    public String detail;

    @Column(name = "prev_hash")
    public String prevHash;

    @Column(name = "entry_hash")
    public String entryHash;

    /** The hash this entry must carry, computed from its fields and {@link #prevHash}. */
    public String computeHash() {
        StringBuilder canonical = new StringBuilder(prevHash);
        for (Object field : new Object[]{seq, occurredAt, actor, appId, subjectId, operation, inputHash,
                outputHash, contentId, outcome, detail}) {
            // length-prefixed, and null distinct from empty, so no two field lists encode alike
            String value = field == null ? null : field.toString();
            canonical.append('\n').append(value == null ? -1 : value.length()).append(':')
                    .append(Objects.requireNonNullElse(value, ""));
        }
        return RequestSignature.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }
}
