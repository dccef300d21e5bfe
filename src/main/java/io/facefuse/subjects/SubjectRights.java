package io.facefuse.subjects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.ModerationClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.consent.ConsentService;
import io.facefuse.fusion.FusionRecord;
import io.facefuse.fusion.UsageRecord;
import io.facefuse.http.EventLoop;
import io.facefuse.media.MediaStore;
import io.facefuse.security.Caller;
import io.facefuse.security.RequestSignature;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A subject's rights over what facefuse holds about them (seed 000 §3.6; 003 §3.5.1): a copy of
 * all of it, and erasure, which consent withdrawal also sets off. Erasure removes every stored
 * result image, takes the subject's id off the fusion and usage records (their content ids and
 * billing facts stay, as the trace log and the accounts need), has the moderation function drop
 * its review images and the id from its checks, and writes a receipt. Consent events and the trace
 * log stay: they are the lawful record that consent was given and withdrawn.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class SubjectRights {

    public record ResultView(UUID fusionId, String contentId, UUID templateId, Instant createdAt, Instant expiresAt,
                             String resultUrl) {
    }

    public record Export(String subjectId, Instant exportedAt, Object consents, List<ResultView> results,
                         long billableOutputs, Object moderation, List<ReceiptView> deletionReceipts) {
    }

    public record ReceiptView(UUID id, String trigger, Map<String, Long> removed, Instant completedAt) {
    }

    private final ConsentService consent;
    private final ModerationClient moderation;
    private final MediaStore media;
    private final TraceRecorder trace;
    private final ObjectMapper json;

    SubjectRights(ConsentService consent, @RestClient ModerationClient moderation, MediaStore media, TraceRecorder trace,
                  ObjectMapper json) {
        this.consent = consent;
        this.moderation = moderation;
        this.media = media;
        this.trace = trace;
        this.json = json;
    }

    public Uni<Export> export(UUID appId, String subjectId) {
        ConsentService.checkedSubjectId(subjectId);
        return EventLoop.run(consent.consents(appId, subjectId)).flatMap(consents -> EventLoop.run(Panache.withSession(
                        () -> FusionRecord.<FusionRecord>list("appId = ?1 and subjectId = ?2 order by createdAt", appId, subjectId)
                                .flatMap(results -> UsageRecord.count("appId = ?1 and subjectId = ?2", appId, subjectId)
                                        .flatMap(billable -> receipts(appId, subjectId).map(receipts -> new Object[]{
                                                results, billable, receipts})))))
                .flatMap(parts -> Dependencies.call("moderation", moderation.subject(appId, subjectId)).map(moderated -> {
                    @SuppressWarnings("unchecked")
                    List<FusionRecord> results = (List<FusionRecord>) parts[0];
                    @SuppressWarnings("unchecked")
                    List<ReceiptView> receipts = (List<ReceiptView>) parts[2];
                    return new Export(subjectId, Instant.now(), consents, results.stream().map(r -> new ResultView(r.id,
                            r.contentId, r.templateId, r.createdAt, r.expiresAt,
                            r.mediaKey == null ? null : "/v1/fusion/results/" + r.id)).toList(), (Long) parts[1],
                            moderated, receipts);
                })));
    }

    /** Erases what facefuse holds about the subject for this app, and answers the receipt. */
    public Uni<ReceiptView> erase(Caller app, String subjectId, String trigger) {
        ConsentService.checkedSubjectId(subjectId);
        UUID appId = app.appId();
        Map<String, Long> removed = new LinkedHashMap<>();
        return EventLoop.run(Panache.withTransaction(() -> FusionRecord.<FusionRecord>list(
                        "appId = ?1 and subjectId = ?2", appId, subjectId)
                .flatMap(results -> {
                    List<String> keys = results.stream().map(r -> r.mediaKey).filter(k -> k != null).toList();
                    removed.put("resultImages", (long) keys.size());
                    removed.put("fusionRecordsPseudonymised", (long) results.size());
                    return FusionRecord.update("subjectId = null, mediaKey = null where appId = ?1 and subjectId = ?2",
                                    appId, subjectId)
                            .flatMap(x -> UsageRecord.update("subjectId = null where appId = ?1 and subjectId = ?2", appId, subjectId))
                            .invoke(usage -> removed.put("usageRecordsPseudonymised", (long) usage))
                            .replaceWith(keys);
                })))
                // the rows no longer point at the images, so an image left by a failure here is an orphan the purge removes
                .call(keys -> EventLoop.offload(() -> {
                    keys.forEach(media::delete);
                    return null;
                }))
                .call(() -> Dependencies.call("moderation", moderation.eraseSubject(appId, subjectId)).invoke(erased -> {
                    removed.put("moderationChecksPseudonymised", erased.checksPseudonymised());
                    removed.put("reviewImagesRemoved", erased.reviewImagesRemoved());
                }))
                .flatMap(x -> {
                    DeletionReceipt receipt = DeletionReceipt.of(appId, subjectRef(appId, subjectId), trigger, toJson(removed));
                    return EventLoop.run(Panache.withTransaction(receipt::persist)).replaceWith(receipt);
                })
                .call(receipt -> trace.record(TraceEvent.of(app.actor(), appId, subjectId, "subject.erase", "ok",
                        trigger + ", receipt " + receipt.id + ": " + receipt.removed)))
                .map(receipt -> new ReceiptView(receipt.id, receipt.trigger, removed, receipt.completedAt));
    }

    public Uni<List<ReceiptView>> receipts(UUID appId, String subjectId) {
        return DeletionReceipt.<DeletionReceipt>list("appId = ?1 and subjectRef = ?2 order by completedAt", appId,
                subjectRef(appId, subjectId)).map(list -> list.stream().map(this::view).toList());
    }

    private ReceiptView view(DeletionReceipt receipt) {
        try {
            Map<String, Long> removed = json.readValue(receipt.removed, new TypeReference<LinkedHashMap<String, Long>>() {
            });
            return new ReceiptView(receipt.id, receipt.trigger, removed, receipt.completedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String subjectRef(UUID appId, String subjectId) {
        return RequestSignature.sha256Hex((appId + ":" + subjectId).getBytes(StandardCharsets.UTF_8));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
