package io.facefuse.templates;

import io.facefuse.apps.RateLimiter;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.ModerationClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.http.EventLoop;
import io.facefuse.images.Images;
import io.facefuse.media.MediaStore;
import io.facefuse.models.RgbImage;
import io.facefuse.moderation.ModerationViews;
import io.facefuse.moderation.Verdict;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.security.RequestSignature;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Templates: uploaded by an app, moderated (role {@code template}), analysed once, and kept in
 * the media store. A template moderation passes is approved; one it sends to people is pending
 * until their decision comes back; one it blocks is recorded as rejected, with the reason, and its
 * image is not kept.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class TemplateService {

    private final ModerationClient moderation;
    private final TemplateAnalyzer analyzer;
    private final MediaStore media;
    private final TemplateConfig config;
    private final TraceRecorder trace;
    private final RateLimiter rates;
    private final long maxPixels;

    TemplateService(@RestClient ModerationClient moderation, TemplateAnalyzer analyzer, MediaStore media,
                    TemplateConfig config, TraceRecorder trace, RateLimiter rates,
                    @ConfigProperty(name = "facefuse.moderation.max-pixels") long maxPixels) {
        this.moderation = moderation;
        this.analyzer = analyzer;
        this.media = media;
        this.config = config;
        this.trace = trace;
        this.rates = rates;
        this.maxPixels = maxPixels;
    }

    public Uni<TemplateViews.TemplateView> upload(Caller app, byte[] image, String name, Integer faceDegree,
                                                  Integer profileDegree) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ApiException(ErrorCode.ValidationFailed, "name is 1 to 200 characters");
        }
        int face = degree(faceDegree, config.defaultFaceDegree(), "faceDegree");
        int profile = degree(profileDegree, config.defaultProfileDegree(), "profileDegree");
        Images.Format format = Images.sniff(image);
        if (format == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, "templates are JPEG, PNG or WebP images");
        }
        UUID id = UUID.randomUUID();
        return rates.admit(app.appId())
                .flatMap(x -> EventLoop.run(Panache.withSession(() -> Template.count("appId = ?1 and status <> ?2",
                        app.appId(), Template.Status.rejected))))
                .flatMap(count -> {
                    if (count >= config.maxPerApp()) {
                        throw new ApiException(ErrorCode.TemplateLimitReached, "an app keeps at most "
                                + config.maxPerApp() + " templates; delete one first");
                    }
                    return Dependencies.call("moderation", moderation.check(image, format.mediaType(), app.appId(),
                            "template", null, null, id, false, null));
                })
                .flatMap(check -> {
                    Template template = new Template();
                    template.id = id;
                    template.appId = app.appId();
                    template.name = name;
                    template.mediaType = format.mediaType();
                    template.faceDegree = face;
                    template.profileDegree = profile;
                    template.checkId = check.checkId();
                    template.createdAt = now();
                    if (check.verdict() == Verdict.block) {
                        return rejected(template, check, image);
                    }
                    template.status = check.verdict() == Verdict.pass ? Template.Status.approved : Template.Status.pending;
                    template.reviewTaskId = check.reviewTaskId();
                    template.decidedAt = template.status == Template.Status.approved ? template.createdAt : null;
                    return stored(template, check, image);
                })
                .call(view -> trace.record(new TraceEvent(app.actor(), app.appId(), null, "template.upload",
                        RequestSignature.sha256Hex(image), null, null, view.status().name(),
                        "template " + id + (view.reason() == null ? "" : ": " + view.reason()))));
    }

    /** Blocked by moderation: recorded with the reason, the image not kept. */
    private Uni<TemplateViews.TemplateView> rejected(Template template, ModerationViews.CheckView check, byte[] image) {
        template.status = Template.Status.rejected;
        template.statusReason = check.reason();
        template.decidedAt = template.createdAt;
        // only its size is kept: read the header, decode nothing
        java.awt.Dimension size = Images.size(image, new Images.Limits(maxPixels, 1));
        template.width = size.width;
        template.height = size.height;
        return EventLoop.run(Panache.withTransaction(template::persist))
                .map(ignored -> TemplateViews.TemplateView.of(template, List.of()));
    }

    /** Analysed, the image put in the media store, then the rows; a failed insert removes the image. */
    private Uni<TemplateViews.TemplateView> stored(Template template, ModerationViews.CheckView check, byte[] image) {
        template.mediaKey = "templates/" + template.appId + "/" + template.id;
        return EventLoop.offload(() -> {
            RgbImage photo = Images.pixels(image, new Images.Limits(maxPixels, 1));
            template.width = photo.width();
            template.height = photo.height();
            List<TemplateFace> faces = analyzer.faces(template.id, photo, check.faces());
            media.put(template.mediaKey, image);
            return faces;
        }).flatMap(faces -> EventLoop.run(Panache.withTransaction(() -> template.persist()
                        .call(() -> TemplateFace.persist(faces))))
                .onFailure().call(failure -> EventLoop.offload(() -> {
                    media.delete(template.mediaKey);
                    return null;
                }))
                .map(ignored -> TemplateViews.TemplateView.of(template, faces)));
    }

    public Uni<List<TemplateViews.TemplateView>> list(UUID appId) {
        return EventLoop.run(Panache.withSession(() -> Template.<Template>list("appId = ?1 order by createdAt desc", appId)
                .map(templates -> templates.stream().map(t -> TemplateViews.TemplateView.of(t, List.of())).toList())));
    }

    public Uni<TemplateViews.TemplateView> get(UUID appId, UUID id) {
        return EventLoop.run(Panache.withSession(() -> owned(appId, id).flatMap(template -> faces(id)
                .map(faces -> TemplateViews.TemplateView.of(template, faces)))));
    }

    /** Removes the rows, then the image (an image left by a failure there is found by the media purge). */
    public Uni<Void> delete(Caller app, UUID id) {
        return EventLoop.run(Panache.withTransaction(() -> owned(app.appId(), id)
                        .call(template -> TemplateFace.delete("templateId = ?1", id))
                        .call(template -> template.delete())))
                .call(template -> EventLoop.offload(() -> {
                    if (template.mediaKey != null) {
                        media.delete(template.mediaKey);
                    }
                    return null;
                }))
                .call(template -> trace.record(TraceEvent.of(app.actor(), app.appId(), null, "template.delete", "ok",
                        "template " + id)))
                .replaceWithVoid();
    }

    /** People decided a pending template: approve it, or reject it and drop its image. */
    public Uni<TemplateViews.TemplateView> review(UUID id, TemplateViews.ReviewOutcome outcome) {
        return EventLoop.run(Panache.withTransaction(() -> Template.<Template>findById(id).flatMap(template -> {
            if (template == null) {
                throw new ApiException(ErrorCode.TemplateNotFound, "template " + id);
            }
            if (template.status == Template.Status.pending) {
                template.status = outcome.approved() ? Template.Status.approved : Template.Status.rejected;
                template.statusReason = outcome.approved() ? null : outcome.reason();
                template.decidedAt = now();
            }
            if (template.status == Template.Status.rejected && template.mediaKey != null) {
                String key = template.mediaKey;
                template.mediaKey = null;
                return TemplateFace.delete("templateId = ?1", id)
                        .call(() -> EventLoop.offload(() -> {
                            media.delete(key);
                            return null;
                        }))
                        .map(ignored -> TemplateViews.TemplateView.of(template, List.of()));
            }
            return faces(id).map(faces -> TemplateViews.TemplateView.of(template, faces));
        })));
    }

    private static Uni<Template> owned(UUID appId, UUID id) {
        return Template.<Template>findById(id).map(template -> {
            // another app's template is as absent as one that never existed
            if (template == null || !template.appId.equals(appId)) {
                throw new ApiException(ErrorCode.TemplateNotFound, "template " + id);
            }
            return template;
        });
    }

    private static Uni<List<TemplateFace>> faces(UUID templateId) {
        return TemplateFace.list("templateId = ?1 order by faceId", templateId);
    }

    private static int degree(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > 100) {
            throw new ApiException(ErrorCode.ValidationFailed, name + " is 0 to 100");
        }
        return value;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
