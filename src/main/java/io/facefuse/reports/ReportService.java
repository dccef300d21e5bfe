package io.facefuse.reports;

import io.facefuse.apps.AppStatus;
import io.facefuse.apps.AppViews;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.FusionClient;
import io.facefuse.clients.ModerationClient;
import io.facefuse.moderation.ModerationViews;
import io.facefuse.labelling.MetadataLabel;
import io.facefuse.labelling.AigcRecord;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.security.RequestSignature;
import io.facefuse.trace.TraceEntry;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Public reports and take-downs (seed 000 §3.2(9), (10); 003 §3.3.5): anyone files a report and gets
 * a ticket with the published answer deadline; operators assign and resolve it; every step is kept
 * on the ticket and in the trace log; revoking content makes label inspection say so.
 */
@ApplicationScoped
public class ReportService {

    private final TraceLog trace;
    private final FusionClient fusion;
    private final ModerationClient moderation;
    private final int answerWithinWorkingDays;

    ReportService(TraceLog trace, @RestClient FusionClient fusion, @RestClient ModerationClient moderation,
                  @ConfigProperty(name = "facefuse.reports.answer-within-working-days", defaultValue = "5") int days) {
        this.trace = trace;
        this.fusion = fusion;
        this.moderation = moderation;
        this.answerWithinWorkingDays = days;
    }

    public Uni<ReportViews.Receipt> file(ReportViews.NewReport report) {
        if (report.contentId() == null && report.imageBase64() == null) {
            throw new ApiException(ErrorCode.ValidationFailed, "name the content by contentId or send it as imageBase64");
        }
        ReportTicket ticket = new ReportTicket();
        ticket.id = UUID.randomUUID();
        ticket.contentId = report.contentId();
        if (report.imageBase64() != null) {
            byte[] image;
            try {
                image = Base64.getDecoder().decode(report.imageBase64());
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.ValidationFailed, "imageBase64 is not base64");
            }
            ticket.imageSha256 = RequestSignature.sha256Hex(image);
            if (ticket.contentId == null) {
                ticket.contentId = contentIdIn(image);
            }
        }
        ticket.reason = report.reason();
        ticket.description = report.description();
        ticket.contact = report.contact();
        ticket.status = ReportTicket.Status.OPEN;
        ticket.createdAt = now();
        ticket.answerDueBy = addWorkingDays(ticket.createdAt, answerWithinWorkingDays);
        return Panache.withTransaction(() -> ticket.persist()
                .call(() -> step(ticket.id, "public", "filed", ticket.reason.wireName()))
                .call(() -> trace.append(new TraceEvent("public", null, null, "report.file", null, null,
                        ticket.contentId, "ok", "ticket " + ticket.id + ": " + ticket.reason.wireName())))
                .replaceWith(new ReportViews.Receipt(ticket.id, ticket.status, ticket.answerDueBy, ticket.contentId)));
    }

    public Uni<List<ReportViews.TicketView>> list(ReportTicket.Status status) {
        return Panache.withSession(() -> (status == null
                ? ReportTicket.<ReportTicket>find("order by answerDueBy")
                : ReportTicket.<ReportTicket>find("status = ?1 order by answerDueBy", status))
                .page(0, 200).list()
                .map(tickets -> tickets.stream().map(t -> ReportViews.TicketView.of(t, null)).toList()));
    }

    public Uni<ReportViews.TicketView> get(UUID id) {
        return Panache.withSession(() -> find(id).flatMap(ticket -> ReportStep.<ReportStep>list(
                "ticketId = ?1 order by at", id).map(steps -> ReportViews.TicketView.of(ticket, steps))));
    }

    public Uni<ReportViews.TicketView> assign(UUID id, ReportViews.Assignment assignment, Caller operator) {
        return Panache.withTransaction(() -> find(id).flatMap(ticket -> {
            if (ticket.status == ReportTicket.Status.RESOLVED) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict, "ticket " + id + " is resolved"));
            }
            ticket.status = ReportTicket.Status.ASSIGNED;
            ticket.assignee = assignment.assignee();
            return step(id, operator.actor(), "assigned", assignment.assignee())
                    .call(() -> trace.append(TraceEvent.of(operator.actor(), null, null, "report.assign", "ok",
                            "ticket " + id + " to " + assignment.assignee())))
                    .replaceWith(ticket);
        })).flatMap(ignored -> get(id));
    }

    public Uni<ReportViews.TicketView> resolve(UUID id, ReportViews.Decision decision, Caller operator) {
        return Panache.withTransaction(() -> find(id).flatMap(ticket -> {
            if (ticket.status == ReportTicket.Status.RESOLVED) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict, "ticket " + id + " is resolved"));
            }
            Uni<Void> action = Uni.createFrom().voidItem();
            if (decision.action() != ReportTicket.Resolution.NO_ACTION && ticket.contentId == null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict,
                        "the report names no content id to act on"));
            }
            if (decision.action() == ReportTicket.Resolution.REVOKE_CONTENT) {
                action = revoke(ticket, decision, operator);
            } else if (decision.action() == ReportTicket.Resolution.SUSPEND_APP) {
                action = suspendMaker(ticket, decision);
            } else if (decision.action() == ReportTicket.Resolution.FREEZE_SUBJECT) {
                action = freezeSubject(ticket, decision);
            }
            ticket.status = ReportTicket.Status.RESOLVED;
            ticket.resolution = decision.action();
            ticket.resolvedAt = now();
            return action
                    .call(() -> step(id, operator.actor(), "resolved: " + decision.action().wireName(), decision.note()))
                    .call(() -> trace.append(new TraceEvent(operator.actor(), null, null, "report.resolve", null, null,
                            ticket.contentId, "ok", "ticket " + id + ": " + decision.action().wireName())))
                    .replaceWith(ticket);
        })).flatMap(ignored -> get(id));
    }

    /** The revocation of a content id, or null when it stands. */
    public Uni<ContentRevocation> revocationOf(String contentId) {
        return Panache.withSession(() -> ContentRevocation.findById(contentId));
    }

    private Uni<Void> revoke(ReportTicket ticket, ReportViews.Decision decision, Caller operator) {
        return revoke(ticket.contentId, ticket.reason.wireName() + ": " + decision.note(), decision.refutation(),
                ticket.id, operator.actor());
    }

    /**
     * Marks content revoked, so label inspection says so; revoking twice keeps the first record.
     * Needs a transaction.
     */
    public Uni<Void> revoke(String contentId, String reason, String refutation, UUID ticketId, String actor) {
        return ContentRevocation.<ContentRevocation>findById(contentId).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            ContentRevocation revocation = new ContentRevocation();
            revocation.contentId = contentId;
            revocation.revokedAt = now();
            revocation.revokedBy = actor;
            revocation.reason = reason;
            revocation.refutationNote = refutation;
            revocation.ticketId = ticketId;
            return revocation.persist()
                    .call(() -> trace.append(new TraceEvent(actor, null, null, "content.revoke", null, null,
                            contentId, "ok", ticketId == null ? reason : "ticket " + ticketId)))
                    .replaceWithVoid();
        });
    }

    /** Suspends the app that made the content, found through the trace log, by asking fusion. */
    private Uni<Void> suspendMaker(ReportTicket ticket, ReportViews.Decision decision) {
        return TraceEntry.<TraceEntry>find("contentId = ?1 and operation = 'label.apply' and appId is not null",
                ticket.contentId).firstResult().flatMap(entry -> {
                    if (entry == null) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict,
                                "the trace log does not say which app made " + ticket.contentId));
                    }
                    return Dependencies.call("fusion", fusion.changeStatus(entry.appId, new AppViews.StatusChange(
                            AppStatus.SUSPENDED, "report " + ticket.id + ": " + decision.note()))).replaceWithVoid();
                });
    }

    /** Freezes the subject whose face the content was made from, found through the trace log, by asking moderation. */
    private Uni<Void> freezeSubject(ReportTicket ticket, ReportViews.Decision decision) {
        return TraceEntry.<TraceEntry>find("contentId = ?1 and operation = 'label.apply' and appId is not null "
                + "and subjectId is not null", ticket.contentId).firstResult().flatMap(entry -> {
                    if (entry == null) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.Conflict,
                                "the trace log names no subject for " + ticket.contentId));
                    }
                    return Dependencies.call("moderation", moderation.freezeSubject(entry.appId, entry.subjectId,
                            new ModerationViews.Reasoned("report " + ticket.id + ": " + decision.note()))).replaceWithVoid();
                });
    }

    private static Uni<ReportStep> step(UUID ticketId, String actor, String action, String note) {
        ReportStep step = new ReportStep();
        step.id = UUID.randomUUID();
        step.ticketId = ticketId;
        step.at = now();
        step.actor = actor;
        step.action = action;
        step.note = note;
        return step.persist();
    }

    private static Uni<ReportTicket> find(UUID id) {
        return ReportTicket.<ReportTicket>findById(id).onItem().ifNull()
                .failWith(() -> new ApiException(ErrorCode.NotFound, "no report ticket " + id));
    }

    private static String contentIdIn(byte[] image) {
        try {
            AigcRecord record = MetadataLabel.read(image);
            return record == null || record.produceId().isBlank() ? null : record.produceId();
        } catch (IOException e) {
            return null;
        }
    }

    /** Working days are Monday to Friday; public holidays are not modelled. */
    static Instant addWorkingDays(Instant from, int days) {
        ZonedDateTime at = from.atZone(ZoneOffset.ofHours(8)); // the deadline is published in China time
        int added = 0;
        while (added < days) {
            at = at.plusDays(1);
            if (at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return at.toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
