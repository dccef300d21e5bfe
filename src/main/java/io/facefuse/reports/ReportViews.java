package io.facefuse.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ReportViews {

    private ReportViews() {
    }

    /** A report about content, named by its content id or shown as the image itself (base64). */
    public record NewReport(
            @Pattern(regexp = "ffc_[A-Za-z0-9_-]{1,64}") String contentId,
            @Size(max = 6_000_000) String imageBase64,
            @NotNull ReportTicket.Reason reason,
            @NotBlank @Size(max = 4000) String description,
            @NotBlank @Size(max = 320) String contact) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipt(UUID ticketId, ReportTicket.Status status, Instant answerDueBy, String contentId) {
    }

    public record Assignment(@NotBlank @Size(max = 200) String assignee) {
    }

    /** The decision; {@code refutation} is the public correction kept for false information. */
    public record Decision(@NotNull ReportTicket.Resolution action, @NotBlank @Size(max = 4000) String note,
                           @Size(max = 4000) String refutation) {
    }

    public record StepView(Instant at, String actor, String action, String note) {
        static StepView of(ReportStep s) {
            return new StepView(s.at, s.actor, s.action, s.note);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketView(UUID id, String contentId, String imageSha256, ReportTicket.Reason reason,
                             String description, String contact, ReportTicket.Status status, String assignee,
                             ReportTicket.Resolution resolution, Instant createdAt, Instant answerDueBy,
                             Instant resolvedAt, List<StepView> steps) {
        static TicketView of(ReportTicket t, List<ReportStep> steps) {
            return new TicketView(t.id, t.contentId, t.imageSha256, t.reason, t.description, t.contact, t.status,
                    t.assignee, t.resolution, t.createdAt, t.answerDueBy, t.resolvedAt,
                    steps == null ? null : steps.stream().map(StepView::of).toList());
        }
    }
}
