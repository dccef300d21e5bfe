package io.facefuse.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.ModerationClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.fusion.FusionRecord;
import io.facefuse.fusion.UsageRecord;
import io.facefuse.housekeeping.HousekeepingJob;
import io.facefuse.http.EventLoop;
import io.facefuse.media.MediaStore;
import io.facefuse.subjects.DeletionReceipt;
import io.facefuse.templates.Template;
import io.facefuse.templates.TemplateFace;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When an app has been terminated for longer than its grace period (seed 003 §3.5.6), all of its
 * data goes: templates and their images, result images, the subject ids on its fusion and usage
 * records (the records themselves stay for the trace log and the accounts), the images moderation
 * kept for review; a receipt records what was removed. Apps already purged are not purged again.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class TerminatedApps implements HousekeepingJob {

    /** The receipt of an app's purge names no subject: this stands in the subject column. */
    public static final String WHOLE_APP = "whole-app";

    private final MediaStore media;
    private final ModerationClient moderation;
    private final TraceRecorder trace;
    private final ObjectMapper json;
    private final Duration grace;

    TerminatedApps(MediaStore media, @RestClient ModerationClient moderation, TraceRecorder trace, ObjectMapper json,
                   @ConfigProperty(name = "facefuse.apps.terminated-grace") Duration grace) {
        this.media = media;
        this.moderation = moderation;
        this.trace = trace;
        this.json = json;
        this.grace = grace;
    }

    @Override
    public String jobName() {
        return "terminated-app-purge";
    }

    @Override
    public Uni<Void> runJob() {
        return scheduled();
    }

    @Scheduled(every = "${facefuse.apps.purge-every:24h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeExpired(Instant.now()).replaceWithVoid();
    }

    /** Purges every app terminated before {@code now} minus the grace period; answers their ids. */
    public Uni<List<UUID>> purgeExpired(Instant now) {
        Instant cutoff = now.minus(grace);
        return EventLoop.run(Panache.withSession(() -> App.<App>list("status = ?1 and updatedAt < ?2", AppStatus.TERMINATED, cutoff)
                        .flatMap(apps -> DeletionReceipt.<DeletionReceipt>list("subjectRef = ?1", WHOLE_APP)
                                .map(done -> apps.stream().map(a -> a.id)
                                        .filter(id -> done.stream().noneMatch(r -> r.appId.equals(id))).toList()))))
                .flatMap(ids -> {
                    Uni<List<UUID>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (UUID id : ids) {
                        chain = chain.call(() -> purge(id)).invoke(list -> list.add(id));
                    }
                    return chain;
                });
    }

    private Uni<Void> purge(UUID appId) {
        Map<String, Long> removed = new LinkedHashMap<>();
        return EventLoop.run(Panache.withTransaction(() -> Template.<Template>list("appId = ?1", appId)
                        .flatMap(templates -> FusionRecord.<FusionRecord>list("appId = ?1 and mediaKey is not null", appId)
                                .flatMap(results -> {
                                    List<String> keys = new ArrayList<>();
                                    templates.stream().map(t -> t.mediaKey).filter(k -> k != null).forEach(keys::add);
                                    results.forEach(r -> keys.add(r.mediaKey));
                                    removed.put("templates", (long) templates.size());
                                    removed.put("resultImages", (long) results.size());
                                    return TemplateFace.delete("templateId in (select t.id from Template t where t.appId = ?1)", appId)
                                            .flatMap(x -> Template.delete("appId = ?1", appId))
                                            .flatMap(x -> FusionRecord.update("subjectId = null, mediaKey = null where appId = ?1", appId))
                                            .flatMap(x -> UsageRecord.update("subjectId = null where appId = ?1", appId))
                                            .replaceWith(keys);
                                }))))
                .call(keys -> EventLoop.offload(() -> {
                    keys.forEach(media::delete);
                    // anything else under the app's prefixes, whatever left it there
                    media.list("templates/" + appId).forEach(media::delete);
                    media.list("results/" + appId).forEach(media::delete);
                    return null;
                }))
                .call(() -> Dependencies.call("moderation", moderation.eraseApp(appId))
                        .invoke(erased -> removed.put("reviewImagesRemoved", erased.reviewImagesRemoved())))
                .flatMap(x -> {
                    DeletionReceipt receipt = DeletionReceipt.of(appId, WHOLE_APP, "app_terminated", write(removed));
                    return EventLoop.run(Panache.withTransaction(receipt::persist)).replaceWith(receipt);
                })
                .call(receipt -> trace.record(TraceEvent.of("retention", appId, null, "app.purge", "ok",
                        "terminated app's data removed, receipt " + receipt.id + ": " + receipt.removed)))
                .replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
