package io.facefuse.reports;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A report from the public about a piece of content, and where it stands. */
@Entity
@Table(name = "report_ticket")
public class ReportTicket extends PanacheEntityBase {

    public enum Reason {
        PORTRAIT_RIGHTS, FALSE_INFORMATION, ILLEGAL_CONTENT, OTHER;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Status {
        OPEN, ASSIGNED, RESOLVED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an operator decided. */
    public enum Resolution {
        NO_ACTION, REVOKE_CONTENT, SUSPEND_APP, FREEZE_SUBJECT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    public UUID id;

    @Column(name = "content_id")
    public String contentId;

    @Column(name = "image_sha256")
    public String imageSha256;

    @Enumerated(EnumType.STRING)
    public Reason reason;

    public String description;

    public String contact;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String assignee;

    @Enumerated(EnumType.STRING)
    public Resolution resolution;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "answer_due_by")
    public Instant answerDueBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
