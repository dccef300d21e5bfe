package io.facefuse.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.http.EventLoop;
import io.facefuse.images.Images;
import io.facefuse.models.RgbImage;
import io.facefuse.security.RequestSignature;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A moderation check from end to end: the subject's standing, the app's policy, the models, the
 * feature library, the overall verdict, and what follows from it (a review task for people, steps
 * against the account). Nothing is written when the image itself is refused.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ModerationService {

    private final ImageModerator moderator;
    private final FeatureLibrary library;
    private final PolicyService policies;
    private final AccountStanding standing;
    private final ModerationConfig config;
    private final ObjectMapper json;

    ModerationService(ImageModerator moderator, FeatureLibrary library, PolicyService policies,
                      AccountStanding standing, ModerationConfig config, ObjectMapper json) {
        this.moderator = moderator;
        this.library = library;
        this.policies = policies;
        this.standing = standing;
        this.config = config;
        this.json = json;
    }

    private record Prepared(ModerationPolicy policy, AccountStanding.Gate gate) {
    }

    public Uni<ModerationViews.CheckView> check(byte[] image, ModerationViews.CheckRequest request) {
        // the image decodes on a worker while the database answers whether and how to check it;
        // a decoding failure surfaces only after that, so a frozen subject is still refused as such
        CompletableFuture<RgbImage> decoding = EventLoop.started(() -> moderator.decode(image));
        Uni<Prepared> prepared = EventLoop.run(Panache.withSession(() -> standing
                .requireUnfrozenAndTellRestricted(request.appId(), request.subjectId())
                .flatMap(gate -> policies.policy(request.appId()).map(p -> new Prepared(p, gate)))));
        return prepared.flatMap(p -> EventLoop.offload(() -> {
                    RgbImage photo = EventLoop.awaited(decoding);
                    return moderator.analyse(photo, request.role(), p.policy(), request.guardianConsent(), request.faceRects());
                }).flatMap(analysis -> EventLoop.run(library.lookup(analysis.embeddings(), analysis.imageHash(),
                                analysis.imageHashMirror()))
                        .flatMap(matches -> decide(image, request, p, analysis, matches))));
    }

    private Uni<ModerationViews.CheckView> decide(byte[] image, ModerationViews.CheckRequest request, Prepared prepared,
                                                  ImageModerator.Analysis analysis, List<FeatureLibrary.Match> matches) {
        List<CheckOutcome> checks = new ArrayList<>(analysis.checks());
        checks.add(matches.isEmpty()
                ? CheckOutcome.passed("featureLibrary", 0, Map.of())
                : new CheckOutcome("featureLibrary", Verdict.block, 100, "FeatureLibraryMatch",
                Map.of("categories", matches.stream().map(m -> m.category().name()).distinct().toList())));
        CheckOutcome worst = checks.getFirst();
        for (CheckOutcome check : checks) {
            if (check.verdict().compareTo(worst.verdict()) > 0
                    || (check.verdict() == worst.verdict() && check.score() > worst.score())) {
                worst = check;
            }
        }
        Verdict verdict = worst.verdict();
        String reason = verdict == Verdict.pass ? "Pass" : worst.reason();
        if (verdict == Verdict.pass && prepared.gate().restricted()) {
            // a restricted account's work is all seen by people
            verdict = Verdict.review;
            reason = "AccountRestricted";
        }
        boolean sampled = verdict == Verdict.pass && ThreadLocalRandom.current().nextDouble() < config.review().passSampleRate();

        CheckRecord record = new CheckRecord();
        record.id = UUID.randomUUID();
        record.appId = request.appId();
        record.subjectId = request.subjectId();
        record.role = request.role();
        record.contentSha256 = RequestSignature.sha256Hex(image);
        record.contentId = request.contentId();
        record.templateId = request.templateId();
        record.verdict = verdict;
        record.score = worst.score();
        record.reason = reason;
        record.createdAt = now();
        ModerationViews.CheckView view = new ModerationViews.CheckView(record.id, request.role(), verdict, record.score,
                reason, checks, analysis.faces(), matches.isEmpty() ? null : matches, null, null);
        // the landmarks go to the calling function only: a check record keeps no biometric measurements
        record.result = toJson(view.withoutLandmarks());

        ReviewTask task = verdict == Verdict.review || sampled ? task(record, image, sampled) : null;
        boolean contentBlock = verdict == Verdict.block && AccountStanding.CONTENT_BLOCKS.contains(reason);
        return EventLoop.run(Panache.withTransaction(() -> record.persist()
                .call(() -> task == null ? Uni.createFrom().nullItem() : task.persist())
                // only a content block moves the standing read before the check: read again only then
                .flatMap(ignored -> contentBlock ? standing.afterContentBlock(request.appId(), request.subjectId(), record.id)
                        .flatMap(x -> standing.of(request.appId(), request.subjectId())).map(AccountStanding.Standing::level)
                        : Uni.createFrom().item(prepared.gate().level()))
                .map(level -> new ModerationViews.CheckView(view.checkId(), view.role(), view.verdict(), view.score(),
                        view.reason(), view.checks(), view.faces(), view.matches(), task == null ? null : task.id,
                        level))));
    }

    private static ReviewTask task(CheckRecord record, byte[] image, boolean sampled) {
        ReviewTask task = new ReviewTask();
        task.id = UUID.randomUUID();
        task.checkId = record.id;
        task.appId = record.appId;
        task.role = record.role;
        task.contentId = record.contentId;
        task.templateId = record.templateId;
        task.sampled = sampled;
        task.status = ReviewTask.Status.open;
        task.media = image;
        Images.Format format = Images.sniff(image);
        task.mediaType = format == null ? "application/octet-stream" : format.mediaType();
        task.createdAt = record.createdAt;
        return task;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
