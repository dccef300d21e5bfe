package io.facefuse.fusion;

import io.facefuse.apps.App;
import io.facefuse.apps.RateLimiter;
import io.facefuse.billing.BillingService;
import io.facefuse.clients.Dependencies;
import io.facefuse.clients.LabellingClient;
import io.facefuse.clients.ModerationClient;
import io.facefuse.clients.TraceRecorder;
import io.facefuse.consent.ConsentService;
import io.facefuse.http.EventLoop;
import io.facefuse.images.Images;
import io.facefuse.labelling.LabelLogo;
import io.facefuse.labelling.LabelResource;
import io.facefuse.media.MediaStore;
import io.facefuse.models.Models;
import io.facefuse.models.RgbImage;
import io.facefuse.moderation.FaceReport;
import io.facefuse.moderation.ModerationViews;
import io.facefuse.moderation.Verdict;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.security.RequestSignature;
import io.facefuse.templates.Template;
import io.facefuse.templates.TemplateAnalyzer;
import io.facefuse.templates.TemplateConfig;
import io.facefuse.templates.TemplateFace;
import io.facefuse.trace.PendingTraceEvent;
import io.facefuse.trace.TraceEvent;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.SkinColour;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.DoubleStream;

/**
 * Image fusion, the compliant pipeline in its required order: the subject's consent, the
 * template, moderation of each user photo, the fusion itself, moderation of the output, the labels
 * (through the labelling function: made while the output is checked, but held until it passes),
 * then the fusion record, its usage record and the trace entries together. Any refusal answers its
 * code, leaves no result, usage record or media behind, and is traced as well.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class FusionService {

    /** Everything one request gathers on its way through the pipeline. */
    private static final class Job {
        final UUID id = UUID.randomUUID();
        final Caller app;
        final FusionViews.FusionRequest request;
        final List<byte[]> photos = new ArrayList<>();
        /** The photos' pixels, decoded while moderation looks at them (see {@link #decodedAhead}). */
        CompletableFuture<List<RgbImage>> userPixels;
        boolean guardianConsent;
        Template template;
        List<TemplateFace> templateFaces;
        /** An inline template's pixels and hash; null for a stored one. */
        RgbImage inlineTemplate;
        String inlineTemplateHash;
        /** How long this app's stored results are kept. */
        Duration resultRetention;
        /** The request's idempotency key: its image is kept so that a retry can be answered. */
        String idempotencyKey;
        /** What billing reserved for this output; refunded when the request fails. */
        BillingService.Charge charge;
        final List<FaceReport> userFaces = new ArrayList<>();
        final List<TemplateFace> targets = new ArrayList<>();
        FaceFusionEngine.Degrees degrees;
        byte[] output;
        String outputType;
        byte[] labelled;
        String contentId;
        /** The labelling function's receipt for the label's trace entry, held until the output leaves. */
        String labelReceipt;
        final Map<String, Double> millis;

        Job(Caller app, FusionViews.FusionRequest request, Map<String, Double> millis) {
            this.app = app;
            this.request = request;
            this.millis = millis;
        }
    }

    /** Base64 bytes an inline answer may carry, leaving room for the rest of a 6 MB response. */
    private static final long INLINE_LIMIT = 5_500_000;

    private final ConsentService consent;
    private final ModerationClient moderation;
    private final LabellingClient labelling;
    private final TraceRecorder trace;
    private final MediaStore media;
    private final FaceAnalysis analysis;
    private final FaceFusionEngine engine;
    private final TemplateAnalyzer templateAnalyzer;
    private final TemplateConfig templateDefaults;
    private final RateLimiter rates;
    private final BillingService billing;
    private final IdempotencyKeys idempotency;
    private final long maxPixels;
    private final Duration resultRetention;
    private final Map<String, RgbImage> templateImages = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RgbImage> eldest) {
            return size() > 8; // decoded templates, most recently used: a 1080p one is 6 MB
        }
    });

    FusionService(ConsentService consent, @RestClient ModerationClient moderation, @RestClient LabellingClient labelling,
                  TraceRecorder trace, MediaStore media, Models models, TemplateAnalyzer templateAnalyzer,
                  TemplateConfig templateDefaults, RateLimiter rates, BillingService billing, IdempotencyKeys idempotency,
                  @ConfigProperty(name = "facefuse.moderation.max-pixels") long maxPixels,
                  @ConfigProperty(name = "facefuse.fusion.result-retention", defaultValue = "P7D") Duration resultRetention) {
        this.consent = consent;
        this.moderation = moderation;
        this.labelling = labelling;
        this.trace = trace;
        this.media = media;
        this.analysis = new FaceAnalysis(models.registry());
        this.engine = new FaceFusionEngine(models.registry());
        this.templateAnalyzer = templateAnalyzer;
        this.templateDefaults = templateDefaults;
        this.rates = rates;
        this.billing = billing;
        this.idempotency = idempotency;
        this.maxPixels = maxPixels;
        this.resultRetention = resultRetention;
    }

    /**
     * Fuses; {@code millis} receives the time each stage took, for the answer's Server-Timing header.
     * With an idempotency key, a request already answered gets that answer again (its image from the
     * media store) without running or billing again.
     */
    public Uni<FusionViews.FusionResult> fuse(Caller app, FusionViews.FusionRequest request, String idempotencyKey,
                                              Map<String, Double> millis) {
        if (idempotencyKey == null) {
            return fuse(app, request, millis, null);
        }
        if (!idempotencyKey.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new ApiException(ErrorCode.ValidationFailed, "Idempotency-Key is 1-128 letters, digits, '_' or '-'");
        }
        String hash = idempotency.hash(request);
        return idempotency.claim(app.appId(), idempotencyKey, hash).flatMap(previous -> previous != null
                ? replay(previous, request)
                : Uni.createFrom().deferred(() -> fuse(app, request, millis, idempotencyKey))
                        .onFailure().call(failure -> idempotency.release(app.appId(), idempotencyKey)));
    }

    /** The first answer again; an inline one with its image from the media store. */
    private Uni<FusionViews.FusionResult> replay(FusionViews.FusionResult first, FusionViews.FusionRequest request) {
        if (first.resultUrl() != null) {
            return Uni.createFrom().item(first);
        }
        return EventLoop.run(Panache.withSession(() -> FusionRecord.<FusionRecord>findById(first.fusionId())))
                .flatMap(record -> EventLoop.offload(() -> record == null || record.mediaKey == null ? null
                        : media.get(record.mediaKey).orElse(null)))
                .map(image -> {
                    if (image == null) {
                        throw new ApiException(ErrorCode.ResultExpired, "the answer to this key is no longer kept");
                    }
                    return withImage(first, image);
                });
    }

    private Uni<FusionViews.FusionResult> fuse(Caller app, FusionViews.FusionRequest request, Map<String, Double> millis,
                                               String idempotencyKey) {
        Job job = new Job(app, request, millis);
        job.idempotencyKey = idempotencyKey;
        for (int i = 0; i < request.items().size(); i++) {
            job.photos.add(photo(request.items().get(i).image(), "items[" + i + "].image"));
        }
        long start = System.nanoTime();
        return prepare(job)
                .call(() -> billing.reserve(job.app.appId(), "image_fusion").invoke(charge -> job.charge = charge))
                .call(() -> {
                    job.userPixels = decodedAhead(job);
                    return timed(job, "moderateInputs", moderateInputs(job));
                })
                .call(() -> timed(job, "fuse", EventLoop.offload(() -> render(job))))
                .call(() -> checkedAndLabelled(job))
                .flatMap(ignored -> timed(job, "record", record(job)))
                .invoke(() -> job.millis.put("total", (System.nanoTime() - start) / 1e6))
                .onFailure().call(failure -> billing.refund(job.app.appId(), job.charge)
                        .onFailure().recoverWithNull().call(() -> refusal(job, failure)));
    }

    /**
     * The app's rate, the subject's consent in force (and its guardian flag), the visible-label and
     * inline-template permissions, then the template: the app's own and approved, or an inline one
     * that passes moderation now.
     */
    private Uni<Void> prepare(Job job) {
        FusionViews.FusionRequest request = job.request;
        boolean visible = request.label() == null || request.label().visible() == null || request.label().visible();
        if ((request.templateId() == null) == (request.templateImage() == null)) {
            throw new ApiException(ErrorCode.ValidationFailed, "give either templateId or templateImage");
        }
        // the rate limiter reads the app's row anyway: its other settings are taken from there
        return rates.admit(job.app.appId())
                .call(app -> EventLoop.run(consent.requireFaceProcessing(job.app.appId(), request.subjectId()))
                        .invoke(granted -> job.guardianConsent = Boolean.TRUE.equals(granted.guardianConsent)))
                .invoke(app -> {
                    job.resultRetention = app.resultRetentionDays == null ? resultRetention
                            : Duration.ofDays(app.resultRetentionDays);
                    if (!visible && !app.visibleLabelOptional) {
                        throw new ApiException(ErrorCode.VisibleLabelRequired, "no operator has allowed this app to omit it");
                    }
                    if (request.templateImage() != null && !app.inlineTemplatesAllowed) {
                        throw new ApiException(ErrorCode.InlineTemplateNotAllowed, "upload the template instead: POST /v1/templates");
                    }
                })
                .flatMap(x -> logoUploaded(job))
                .flatMap(x -> request.templateId() != null ? storedTemplate(job) : inlineTemplate(job))
                .invoke(() -> {
                    logoInside(job);
                    chooseTargets(job);
                    int face = request.faceDegree() == null ? job.template.faceDegree : request.faceDegree();
                    int profile = request.profileDegree() == null ? job.template.profileDegree : request.profileDegree();
                    job.degrees = request.alpha() != null
                            ? new FaceFusionEngine.Degrees(request.alpha(), request.alpha())
                            : new FaceFusionEngine.Degrees(face / 100.0, profile / 100.0);
                });
    }

    /** A request that asks for the app's logo is refused before any work if the app has none. */
    private static Uni<Void> logoUploaded(Job job) {
        if (job.request.label() == null || job.request.label().logo() == null) {
            return Uni.createFrom().voidItem();
        }
        return EventLoop.run(Panache.withSession(() -> LabelLogo.count("appId", job.app.appId()))).invoke(count -> {
            if (count == 0) {
                throw new ApiException(ErrorCode.Conflict, "label.logo: upload the app's logo first: PUT /v1/labels/logo");
            }
        }).replaceWithVoid();
    }

    /** The logo's rectangle lies in the output, which has the template's size. */
    private static void logoInside(Job job) {
        FusionViews.Rect logo = job.request.label() == null ? null : job.request.label().logo();
        if (logo == null) {
            return;
        }
        int width = job.inlineTemplate != null ? job.inlineTemplate.width() : job.template.width;
        int height = job.inlineTemplate != null ? job.inlineTemplate.height() : job.template.height;
        if ((long) logo.x() + logo.width() > width || (long) logo.y() + logo.height() > height) {
            throw new ApiException(ErrorCode.ValidationFailed, "label.logo must lie inside the " + width + "x" + height
                    + " output (the template's size)");
        }
    }

    private Uni<Void> storedTemplate(Job job) {
        return EventLoop.run(Panache.withSession(() -> Template.<Template>findById(job.request.templateId())
                .flatMap(template -> {
                    if (template == null || !template.appId.equals(job.app.appId())) {
                        throw new ApiException(ErrorCode.TemplateNotFound, "template " + job.request.templateId());
                    }
                    if (template.status != Template.Status.approved) {
                        throw new ApiException(ErrorCode.TemplateNotApproved, "template " + template.id + " is "
                                + template.status + (template.statusReason == null ? "" : ": " + template.statusReason));
                    }
                    job.template = template;
                    return TemplateFace.<TemplateFace>list("templateId = ?1 order by faceId", template.id);
                }))).invoke(faces -> job.templateFaces = faces).replaceWithVoid();
    }

    /** An inline template: moderated (role template) and analysed now, kept only for this request. */
    private Uni<Void> inlineTemplate(Job job) {
        byte[] image = photo(job.request.templateImage(), "templateImage");
        Template template = new Template();
        template.appId = job.app.appId();
        template.name = "inline";
        template.status = Template.Status.approved;
        template.faceDegree = templateDefaults.defaultFaceDegree();
        template.profileDegree = templateDefaults.defaultProfileDegree();
        job.template = template;
        job.inlineTemplateHash = RequestSignature.sha256Hex(image);
        return check(job, image, Images.sniff(image).mediaType(), "template", null, "templateImage")
                .flatMap(view -> EventLoop.offload(() -> {
                    RgbImage decoded = Images.pixels(image, new Images.Limits(maxPixels, 16));
                    job.inlineTemplate = decoded;
                    job.templateFaces = templateAnalyzer.faces(null, decoded, view.faces());
                    return null;
                })).replaceWithVoid();
    }

    /** Each item's template face: by id, by rectangle, or the next largest usable one. */
    private static void chooseTargets(Job job) {
        List<TemplateFace> usable = job.templateFaces.stream().filter(f -> f.usable).toList();
        Set<Integer> taken = new HashSet<>();
        for (int index = 0; index < job.request.items().size(); index++) {
            int i = index;
            FusionViews.MergeItem item = job.request.items().get(i);
            TemplateFace target;
            if (item.templateFaceId() != null) {
                target = usable.stream().filter(f -> f.faceId == item.templateFaceId()).findFirst()
                        .orElseThrow(() -> new ApiException(ErrorCode.TemplateFaceIdNotFound,
                                "items[" + i + "]: template face " + item.templateFaceId()));
            } else if (item.templateFaceRect() != null) {
                DetectedFace asked = box(item.templateFaceRect());
                target = usable.stream().filter(f -> box(f).iou(asked) >= 0.3)
                        .max(java.util.Comparator.comparingDouble(f -> box(f).iou(asked)))
                        .orElseThrow(() -> new ApiException(ErrorCode.FaceRectInvalid,
                                "items[" + i + "]: no usable template face in templateFaceRect"));
            } else {
                target = usable.stream().filter(f -> !taken.contains(f.faceId)).findFirst()
                        .orElseThrow(() -> new ApiException(ErrorCode.TemplateFaceIdNotFound,
                                "the template has " + usable.size() + " usable faces for " + job.request.items().size() + " items"));
            }
            if (!taken.add(target.faceId)) {
                throw new ApiException(ErrorCode.ValidationFailed, "items[" + i + "]: template face " + target.faceId
                        + " is already the target of another item");
            }
            job.targets.add(target);
        }
    }

    /**
     * Every user photo's check at once: deployed, each call reaches a moderation instance of its
     * own, so six photos take about as long as one. The answer waits for all of them and is the
     * first refusal in item order, whichever check ended first, so a request refused for two
     * photos always names the same one.
     */
    private Uni<Void> moderateInputs(Job job) {
        List<Uni<InputCheck>> checks = new ArrayList<>();
        for (int i = 0; i < job.photos.size(); i++) {
            FusionViews.Rect rect = job.request.items().get(i).faceRect();
            String faceRect = rect == null ? null : rect.asParameter();
            byte[] photo = job.photos.get(i);
            checks.add(check(job, photo, Images.sniff(photo).mediaType(), "user_photo", faceRect, "items[" + i + "].image")
                    .map(view -> new InputCheck(view, null))
                    .onFailure().recoverWithItem(failure -> new InputCheck(null, failure)));
        }
        return Uni.join().all(checks).andFailFast().invoke(outcomes -> {
            for (InputCheck outcome : outcomes) {
                if (outcome.failure() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (outcome.failure() != null) {
                    throw new IllegalStateException(outcome.failure());
                }
            }
            for (InputCheck outcome : outcomes) {
                job.userFaces.add(outcome.view().faces().stream().filter(FaceReport::usable).findFirst().orElseThrow());
            }
        }).replaceWithVoid();
    }

    /** One photo's moderation answer, or why there is none. */
    private record InputCheck(ModerationViews.CheckView view, Throwable failure) {
    }

    /**
     * What holds the template's other faces still while the profile degree reshapes around one: their
     * outlines, or the corners and centre of the rectangle of a face kept without landmarks. A face
     * fused earlier in the request is held where the template had it, a few pixels from its new
     * outline at most: what matters is that the area around it does not move.
     */
    private static double[] stillPoints(List<TemplateFace> faces, TemplateFace target) {
        DoubleStream.Builder points = DoubleStream.builder();
        for (TemplateFace face : faces) {
            if (face.faceId == target.faceId) {
                continue;
            }
            if (face.landmarks != null) {
                DoubleStream.of(FaceFusionEngine.stillPoints(FaceMesh.unpacked(face.landmarks))).forEach(points);
            } else {
                DoubleStream.of(face.x, face.y, face.x + face.width, face.y, face.x + face.width, face.y + face.height,
                        face.x, face.y + face.height, face.x + face.width / 2.0, face.y + face.height / 2.0).forEach(points);
            }
        }
        return points.build().toArray();
    }

    /** The template faces that now show a user: the only faces of the output that are new. */
    private static String fusedFaces(Job job) {
        return job.targets.stream().map(f -> f.x + "," + f.y + "," + f.width + "," + f.height)
                .collect(java.util.stream.Collectors.joining(";"));
    }

    /** A moderation check that must pass; anything else is refused with its code. */
    private Uni<ModerationViews.CheckView> check(Job job, byte[] image, String type, String role, String faceRect,
                                                 String what) {
        return Dependencies.call("moderation", moderation.check(image, type, job.app.appId(), role,
                job.request.subjectId(), null, job.template.id, job.guardianConsent, faceRect)).invoke(view -> {
                    if (view.verdict() == Verdict.pass) {
                        return;
                    }
                    if (view.verdict() == Verdict.review) {
                        throw new ApiException(ErrorCode.ModerationBlocked, what + ": PendingReview (people will look at it)");
                    }
                    ErrorCode code = switch (view.reason()) {
                        case "NoFaceDetected" -> ErrorCode.NoFaceDetected;
                        case "FaceTooSmall" -> ErrorCode.FaceTooSmall;
                        case "TooManyFaces" -> ErrorCode.TooManyFaces;
                        case "FaceAngleTooLarge" -> ErrorCode.FaceAngleTooLarge;
                        case "FaceTooBlurry" -> ErrorCode.FaceTooBlurry;
                        case "FaceRectInvalid" -> ErrorCode.FaceRectInvalid;
                        default -> ErrorCode.ModerationBlocked;
                    };
                    throw new ApiException(code, what + ": " + view.reason());
                });
    }

    /**
     * The output's check and its labels at once: labelling does not wait for moderation (deployed, the
     * two functions' work overlaps fully), but the label is held: the labelled image is answered or
     * stored, and its {@code label.apply} entry traced, only once the check has passed and the result
     * is recorded ({@link #record}); an output the check refuses is dropped with its label, untraced.
     * Both are awaited, and a refusal by the check outranks a labelling failure, as if in turn.
     */
    private Uni<Void> checkedAndLabelled(Job job) {
        Uni<Optional<Throwable>> checked = outcome(timed(job, "moderateOutput", check(job, job.output,
                job.outputType, "output", fusedFaces(job), "the output")));
        Uni<Optional<Throwable>> labelled = outcome(timed(job, "label", label(job)));
        return Uni.combine().all().unis(checked, labelled).asTuple().flatMap(outcomes -> outcomes.getItem1()
                .or(outcomes::getItem2).map(failure -> Uni.createFrom().<Void>failure(failure))
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private static Uni<Optional<Throwable>> outcome(Uni<?> step) {
        return step.map(ignored -> Optional.<Throwable>empty()).onFailure().recoverWithItem(Optional::of);
    }

    /**
     * Decodes the user photos on a worker while the moderation function checks them, which leaves
     * the fusion function idle otherwise (about 20 ms for a 1920-px JPEG). Decoding is all it does:
     * no face is found, measured or warped until moderation has passed the photo, and the pixels of
     * a photo that moderation refuses are dropped unused. A decoding failure waits for
     * {@link #render} to surface, after moderation has answered and recorded its own verdict.
     */
    private CompletableFuture<List<RgbImage>> decodedAhead(Job job) {
        return EventLoop.started(() -> job.photos.stream()
                .map(photo -> Images.pixels(photo, new Images.Limits(maxPixels, 16))).toList());
    }

    /** The fusion proper, on a worker thread: landmarks of the user faces, the engine, encode. */
    private Void render(Job job) {
        RgbImage template = job.inlineTemplate != null ? job.inlineTemplate : templateImage(job.template);
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        // done by now as a rule (moderation takes several times as long); waiting here, on the
        // worker, keeps the rest of the chain on the request's own context
        List<RgbImage> users = EventLoop.awaited(job.userPixels);
        for (int i = 0; i < job.photos.size(); i++) {
            RgbImage user = users.get(i);
            FaceReport face = job.userFaces.get(i);
            // moderation measured the face with these landmarks; found again only if it did not say them
            double[] landmarks = face.landmarksOn(user, analysis);
            TemplateFace target = job.targets.get(i);
            double[] targetLandmarks = FaceMesh.unpacked(target.landmarks);
            engine.fuse(canvas, new FaceFusionEngine.Face(targetLandmarks, new SkinColour(target.meanL, target.meanA,
                            target.meanB, target.sdL, target.sdA, target.sdB), target.handsInFront),
                    user, new FaceFusionEngine.Face(landmarks, SkinColour.of(user, landmarks), false, face.sunglasses()),
                    job.degrees,
                    stillPoints(job.templateFaces, target));
        }
        FusionViews.Output output = job.request.output();
        boolean png = output != null && "png".equals(output.format());
        float quality = output == null || output.quality() == null ? 0.92f : output.quality().floatValue();
        // the labels re-encode it at the same quality: a second pass with the same tables costs little (a
        // 1080p photo: 48.3 → 47.9 dB PSNR at 0.92, 43.8 → 43.7 at 0.6; an intermediate at a higher
        // quality than the answer's measured no better, its tables not the answer's)
        job.output = Images.encode(canvas, png, quality);
        job.outputType = png ? "image/png" : "image/jpeg";
        // a function URL answers at most 6 MB: base64 and the labels must still fit
        if (!"stored".equals(job.request.delivery()) && job.output.length * 4L / 3 > INLINE_LIMIT) {
            throw new ApiException(ErrorCode.ResultTooLargeForInline, job.output.length + " bytes as " + job.outputType
                    + "; ask for \"delivery\":\"stored\" or a JPEG");
        }
        return null;
    }

    private RgbImage templateImage(Template template) {
        return templateImages.computeIfAbsent(template.mediaKey, key -> {
            byte[] bytes = media.get(key).orElseThrow(() -> new IllegalStateException("template image missing: " + key));
            return Images.pixels(bytes, new Images.Limits(maxPixels, 16));
        });
    }

    private Uni<Void> label(Job job) {
        FusionViews.LabelOptions options = job.request.label();
        String corner = options == null || options.corner() == null ? "bottom-right" : options.corner();
        String language = options == null || options.language() == null ? "zh" : options.language();
        boolean visible = options == null || options.visible() == null || options.visible();
        // the labels re-encode the output: at the quality the request asked for
        FusionViews.Output output = job.request.output();
        Float quality = output == null || output.quality() == null ? null : output.quality().floatValue();
        String logo = options == null || options.logo() == null ? null : options.logo().asParameter();
        return Dependencies.call("labelling", labelling.label(job.output, job.outputType, job.app.appId(),
                job.request.subjectId(), corner, language, visible, quality, logo, true)).invoke(response -> {
                    if (response.getStatus() != 200) {
                        throw new ApiException(ErrorCode.DependencyUnavailable, "the labelling function answered "
                                + response.getStatus());
                    }
                    job.contentId = response.getHeaderString(LabelResource.CONTENT_ID_HEADER);
                    job.labelReceipt = response.getHeaderString(LabelResource.LABEL_RECEIPT_HEADER);
                    job.labelled = response.readEntity(byte[].class);
                }).replaceWithVoid();
    }

    /** The result (stored or not), its usage record and the trace entry; a failed insert removes stored media. */
    private Uni<FusionViews.FusionResult> record(Job job) {
        boolean inline = !"stored".equals(job.request.delivery());
        // an idempotent request keeps its image too, so that a retry can be answered with it
        boolean keep = !inline || job.idempotencyKey != null;
        FusionRecord result = new FusionRecord();
        result.id = job.id;
        result.appId = job.app.appId();
        result.subjectId = job.request.subjectId();
        result.templateId = job.template.id;
        result.contentId = job.contentId;
        result.mediaType = job.outputType;
        result.createdAt = now();
        if (keep) {
            result.mediaKey = "results/" + job.app.appId() + "/" + job.id;
            result.expiresAt = result.createdAt.plus(job.resultRetention);
        }
        UsageRecord usage = new UsageRecord();
        usage.id = UUID.randomUUID();
        usage.appId = result.appId;
        usage.subjectId = result.subjectId;
        usage.fusionId = result.id;
        usage.service = "image_fusion";
        usage.units = 1;
        usage.priceVersionId = job.charge.priceVersionId();
        usage.amountMinor = job.charge.amountMinor();
        usage.currency = job.charge.currency();
        usage.paidWith = job.charge.paidWith();
        usage.createdAt = result.createdAt;
        List<FusionViews.Mapping> faces = new ArrayList<>();
        for (int i = 0; i < job.userFaces.size(); i++) {
            FaceReport f = job.userFaces.get(i);
            faces.add(new FusionViews.Mapping(i, new FusionViews.Rect(f.x(), f.y(), f.width(), f.height()),
                    job.targets.get(i).faceId, Boolean.TRUE.equals(f.sunglasses())));
        }
        FusionViews.FusionResult answer = new FusionViews.FusionResult(job.id, job.contentId, job.outputType, null,
                inline ? null : "/v1/fusion/results/" + job.id, inline ? null : result.expiresAt, faces,
                (int) Math.round(job.degrees.face() * 100), (int) Math.round(job.degrees.profile() * 100),
                job.request.alpha());
        TraceEvent released = new TraceEvent(job.app.actor(), job.app.appId(), job.request.subjectId(), "fusion.create",
                inputHash(job), RequestSignature.sha256Hex(job.labelled), job.contentId, "ok",
                (job.template.id == null ? "inline template " + job.inlineTemplateHash : "template " + job.template.id)
                        + ", " + job.photos.size() + " face(s), degrees " + Math.round(job.degrees.face() * 100) + "/"
                        + Math.round(job.degrees.profile() * 100));
        // kept with the result, so that the trace entries of an output that left cannot be lost
        PendingTraceEvent kept = trace.releaseKept(job.labelReceipt, released);
        Uni<Void> put = keep ? EventLoop.offload(() -> {
            media.put(result.mediaKey, job.labelled);
            return null;
        }) : Uni.createFrom().voidItem();
        // consent may have been withdrawn while this request ran: then nothing is kept
        return put.flatMap(x -> EventLoop.run(Panache.withTransaction(() -> consent.inForce(result.appId, result.subjectId)
                        .invoke(inForce -> {
                            if (!inForce) {
                                throw new ApiException(ErrorCode.ConsentWithdrawn, "subject " + result.subjectId
                                        + " withdrew consent while the fusion ran; nothing was kept");
                            }
                        })
                        .flatMap(ok -> result.persist()).call(usage::persist).call(kept::persist)
                        .call(() -> job.idempotencyKey == null ? Uni.createFrom().voidItem()
                                : idempotency.complete(result.appId, job.idempotencyKey, answer)))))
                // billed now: a failure after this point must not refund what the usage record charges
                .invoke(() -> job.charge = null)
                .onFailure().call(failure -> keep ? EventLoop.offload(() -> {
                    media.delete(result.mediaKey);
                    return null;
                }) : Uni.createFrom().voidItem())
                // the output leaves: its label's entry, held until now, is traced with the fusion's (where the
                // labelling function cannot take them now, its outbox appends them from the row kept above)
                .call(() -> trace.release(kept, released))
                .map(ignored -> inline ? withImage(answer, job.labelled) : answer);
    }

    private static FusionViews.FusionResult withImage(FusionViews.FusionResult answer, byte[] image) {
        return new FusionViews.FusionResult(answer.fusionId(), answer.contentId(), answer.mediaType(),
                Base64.getEncoder().encodeToString(image), answer.resultUrl(), answer.expiresAt(), answer.faces(),
                answer.faceDegree(), answer.profileDegree(), answer.alpha());
    }

    /** A refused fusion is traced too: who asked, for which subject, and why it was refused. */
    private Uni<Void> refusal(Job job, Throwable failure) {
        String code = failure instanceof ApiException api ? api.code().name() : ErrorCode.InternalError.name();
        // kept for the labelling function to record late where it is the dependency that failed
        return trace.record(new TraceEvent(job.app.actor(), job.app.appId(), job.request.subjectId(), "fusion.create",
                        job.photos.isEmpty() ? null : inputHash(job), null, null, code,
                        failure.getMessage() == null ? code : truncate(failure.getMessage())))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Stored results, for their owner, until they expire. */
    public Uni<Response> result(UUID appId, UUID id) {
        return EventLoop.run(Panache.withSession(() -> FusionRecord.<FusionRecord>findById(id))).flatMap(found -> {
            if (found == null || !found.appId.equals(appId) || found.expiresAt == null) {
                throw new ApiException(ErrorCode.ResultNotFound, "result " + id);
            }
            if (found.expiresAt.isBefore(Instant.now())) {
                throw new ApiException(ErrorCode.ResultExpired, "result " + id + " expired at " + found.expiresAt);
            }
            if (found.mediaKey == null) {
                throw new ApiException(ErrorCode.ResultNotFound, "result " + id + " was erased");
            }
            return EventLoop.offload(() -> media.get(found.mediaKey)
                    .map(bytes -> Response.ok(bytes).type(found.mediaType)
                            .header(LabelResource.CONTENT_ID_HEADER, found.contentId).build())
                    .orElseThrow(() -> new ApiException(ErrorCode.ResultExpired, "result " + id + " is no longer kept")));
        });
    }

    private static byte[] photo(String base64, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.ValidationFailed, field + " is not base64");
        }
        if (Images.sniff(bytes) == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, field + " is not JPEG, PNG or WebP");
        }
        return bytes;
    }

    private static String inputHash(Job job) {
        StringBuilder hashes = new StringBuilder();
        for (byte[] photo : job.photos) {
            hashes.append(RequestSignature.sha256Hex(photo));
        }
        return job.photos.size() == 1 ? hashes.toString() : RequestSignature.sha256Hex(hashes.toString()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static <T> Uni<T> timed(Job job, String stage, Uni<T> work) {
        long[] start = new long[1];
        return work.onSubscription().invoke(() -> start[0] = System.nanoTime())
                .invoke(() -> job.millis.put(stage, (System.nanoTime() - start[0]) / 1e6));
    }

    private static DetectedFace box(FusionViews.Rect r) {
        return new DetectedFace(r.x(), r.y(), r.width(), r.height(), 1, new double[12]);
    }

    private static DetectedFace box(TemplateFace f) {
        return new DetectedFace(f.x, f.y, f.width, f.height, 1, new double[12]);
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
