package io.facefuse.moderation;

import io.facefuse.images.Images;
import io.facefuse.images.PerceptualHash;
import io.facefuse.models.ModelRegistry;
import io.facefuse.models.Models;
import io.facefuse.models.RgbImage;
import io.facefuse.vision.ContentClassifier;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.FaceQuality;
import io.facefuse.vision.Glasses;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The technical half of moderation: decodes an image within limits and runs the face, content and
 * age checks a role needs, with the models. It keeps nothing; {@link ModerationService} decides,
 * records and acts. Blocking work: call it on a worker thread.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class ImageModerator {

    /** Faces are looked for down to this size, so that a too-small face is named as such. */
    private static final double SMALLEST_FACE_SOUGHT = 20;

    /** What the models found: the outcomes, the faces, and what the feature library compares. */
    public record Analysis(int width, int height, List<CheckOutcome> checks, List<FaceReport> faces,
                           List<float[]> embeddings, long imageHash, long imageHashMirror,
                           Map<String, Double> millis) {
    }

    private final FaceDetector detector;
    private final FaceAnalysis analysis;
    private final ContentClassifier classifier;
    private final long maxPixels;
    /**
     * Where the independent model runs of a check go: one thread per core, shared by all checks,
     * so concurrent checks queue rather than oversubscribe the cores.
     */
    private final ExecutorService modelWorkers = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().daemon().name("model-worker-", 0).factory());

    @jakarta.inject.Inject
    ImageModerator(Models models, ModerationConfig config) {
        this(models.registry(), config.maxPixels());
    }

    /** Outside CDI: the benchmark. */
    public ImageModerator(ModelRegistry registry, long maxPixels) {
        this.detector = new FaceDetector(registry);
        this.analysis = new FaceAnalysis(registry);
        this.classifier = new ContentClassifier(registry);
        this.maxPixels = maxPixels;
    }

    @PreDestroy
    void stopWorkers() {
        modelWorkers.shutdownNow();
    }

    /** Refuses (with an error code) what is not a supported image within the pixel limits. */
    public RgbImage decode(byte[] image) {
        if (Images.sniff(image) == null) {
            throw new io.facefuse.problem.ApiException(io.facefuse.problem.ErrorCode.UnsupportedImageFormat,
                    "moderation reads JPEG, PNG and WebP images");
        }
        return Images.pixels(image, new Images.Limits(maxPixels, 16));
    }

    /** The embedding of the image's largest face, for the feature library; refuses an image without one. */
    public float[] enrolmentEmbedding(RgbImage photo) {
        DetectedFace largest = detector.detect(photo).stream().max(Comparator.comparingDouble(DetectedFace::area))
                .orElseThrow(() -> new io.facefuse.problem.ApiException(io.facefuse.problem.ErrorCode.NoFaceInImage,
                        "no face found to enrol"));
        return analysis.embedding(photo, largest);
    }

    public Analysis analyse(RgbImage photo, CheckRole role, ModerationPolicy policy, boolean guardianConsent) {
        return analyse(photo, role, policy, guardianConsent, null);
    }

    /**
     * {@code faceRects} (x, y, width, height each): for a user photo, one rectangle that picks its face
     * when it is not the largest (the detected face that overlaps it most; none is
     * {@code FaceRectInvalid}); for an output, the new faces, the only ones whose age and identity
     * need checking again (all faces when none of them overlaps a detected one).
     */
    public Analysis analyse(RgbImage photo, CheckRole role, ModerationPolicy policy, boolean guardianConsent,
                            int[][] faceRects) {
        Map<String, Double> millis = new LinkedHashMap<>();
        List<CheckOutcome> checks = new ArrayList<>();
        // NSFW needs no face: it runs on the other core while this one finds the faces
        Future<ContentClassifier.Classification> classified = modelWorkers.submit(() -> classifier.classify(photo));
        long start = System.nanoTime();
        List<DetectedFace> detected = detector.detect(photo);
        if (detected.isEmpty() && role != CheckRole.output) {
            // only now pay for the tiled search: it tells "too small" from "none"
            detected = detector.detect(photo, SMALLEST_FACE_SOUGHT);
        }
        detected = new ArrayList<>(detected);
        detected.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
        millis.put("detect", elapsed(start));

        start = System.nanoTime();
        List<FaceReport> faces = new ArrayList<>();
        List<DetectedFace> relevant = new ArrayList<>();
        checks.add(faceCheck(photo, role, policy, detected, faces, relevant, faceRects));
        millis.put("landmarks", elapsed(start));

        // NSFW, three age crops and an embedding per face are independent: they run side by side on
        // the model workers (a Lambda function of 3,008 MB has two cores), each on one libtorch thread.
        start = System.nanoTime();
        List<List<Future<FaceAnalysis.AgeEstimate>>> ageCrops = new ArrayList<>();
        List<Future<float[]>> embedded = new ArrayList<>();
        for (DetectedFace face : relevant) {
            List<Future<FaceAnalysis.AgeEstimate>> crops = new ArrayList<>();
            for (double margin : FaceAnalysis.AGE_MARGINS) {
                crops.add(modelWorkers.submit(() -> analysis.age(photo, face, margin)));
            }
            ageCrops.add(crops);
            embedded.add(modelWorkers.submit(() -> analysis.embedding(photo, face)));
        }

        ContentClassifier.Classification content = result(classified);
        // porn and hentai count in full; "sexy" fires on ordinary close-up portraits, so half
        int nsfw = (int) Math.round(100 * Math.max(content.porn() + content.hentai(), content.sexy() / 2));
        Verdict nsfwVerdict = policy.verdictFor(nsfw);
        checks.add(new CheckOutcome("nsfw", nsfwVerdict, nsfw,
                nsfwVerdict == Verdict.block ? "NsfwContent" : nsfwVerdict == Verdict.review ? "PossiblyNsfw" : "Pass",
                Map.of("porn", round(content.porn()), "hentai", round(content.hentai()), "sexy", round(content.sexy()),
                        "neutral", round(content.neutral()), "drawing", round(content.drawing()))));

        double minor = 0;
        for (int i = 0; i < relevant.size(); i++) {
            List<FaceAnalysis.AgeEstimate> crops = new ArrayList<>();
            for (Future<FaceAnalysis.AgeEstimate> crop : ageCrops.get(i)) {
                crops.add(result(crop));
            }
            double p = FaceAnalysis.mean(crops).minorProbability();
            minor = Math.max(minor, p);
            int index = detected.indexOf(relevant.get(i)); // faces holds one report per detected face, in order
            FaceReport f = faces.get(index);
            faces.set(index, f.withMinorProbability(round(p)));
        }
        checks.add(minorCheck(policy, (int) Math.round(100 * minor), guardianConsent, !relevant.isEmpty()));

        List<float[]> embeddings = new ArrayList<>();
        for (Future<float[]> embedding : embedded) {
            embeddings.add(result(embedding));
        }
        millis.put("models", elapsed(start)); // nsfw, age and identity, side by side

        start = System.nanoTime();
        PerceptualHash.Hashes hashes = PerceptualHash.both(photo);
        millis.put("phash", elapsed(start));
        return new Analysis(photo.width(), photo.height(), checks, faces, embeddings, hashes.hash(), hashes.mirror(),
                millis);
    }

    /** A model run's answer; its failure as thrown by the model, not wrapped. */
    private static <T> T result(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the models ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Face count, size, pose and focus. Fills {@code faces} with a report per face and
     * {@code relevant} with the faces the age and identity checks must look at.
     */
    private CheckOutcome faceCheck(RgbImage photo, CheckRole role, ModerationPolicy policy, List<DetectedFace> detected,
                                   List<FaceReport> faces, List<DetectedFace> relevant, int[][] faceRects) {
        if (role == CheckRole.output) {
            for (DetectedFace face : detected) {
                faces.add(report(face, null, null, true, null));
                if (faceRects == null || java.util.Arrays.stream(faceRects).anyMatch(r -> overlapping(List.of(face), r) != null)) {
                    relevant.add(face);
                }
            }
            if (relevant.isEmpty()) {
                relevant.addAll(detected); // the fused faces were not found again: check every face
            }
            return CheckOutcome.passed("faces", 0, Map.of("count", detected.size(), "checked", relevant.size()));
        }
        if (detected.isEmpty()) {
            return failed("NoFaceDetected", Map.of("count", 0));
        }
        List<DetectedFace> bigEnough = detected.stream().filter(f -> f.width() >= policy.minFacePixels()).toList();
        if (bigEnough.size() > policy.maxFaces()) {
            detected.forEach(f -> faces.add(report(f, null, null, false, "TooManyFaces")));
            return failed("TooManyFaces", Map.of("count", bigEnough.size(), "maxFaces", policy.maxFaces()));
        }
        // a user photo gives its largest face (or the one asked for); a template offers all of its faces
        List<DetectedFace> candidates = detected;
        if (role == CheckRole.user_photo) {
            DetectedFace main = faceRects == null ? detected.getFirst() : overlapping(detected, faceRects[0]);
            if (main == null) {
                detected.forEach(f -> faces.add(report(f, null, null, false, null)));
                return failed("FaceRectInvalid", Map.of("count", detected.size()));
            }
            candidates = List.of(main);
        }
        String firstProblem = null;
        int usable = 0;
        for (DetectedFace face : detected) {
            if (!candidates.contains(face)) {
                faces.add(report(face, null, null, false, null));
                continue;
            }
            if (face.width() < policy.minFacePixels()) {
                faces.add(report(face, null, null, false, "FaceTooSmall"));
                firstProblem = firstProblem == null ? "FaceTooSmall" : firstProblem;
                continue;
            }
            FaceAnalysis.Landmarks landmarks = analysis.landmarks(photo, face);
            FaceQuality.Pose pose = FaceQuality.pose(landmarks);
            double sharpness = FaceQuality.sharpness(photo, face);
            String problem = Math.abs(pose.yaw()) > policy.maxYaw() || Math.abs(pose.pitch()) > policy.maxPitch()
                    ? "FaceAngleTooLarge" : sharpness < policy.minSharpness() ? "FaceTooBlurry" : null;
            boolean sunglasses = Glasses.hideTheEyes(photo, FaceMesh.xy(landmarks.points()));
            // a usable face's landmarks go to the fusion function with the answer, which then need not find them again
            faces.add(report(face, pose, sharpness, problem == null, problem, sunglasses,
                    problem == null ? FaceReport.packed(landmarks.points()) : null));
            relevant.add(face);
            if (problem == null) {
                usable++;
            } else if (firstProblem == null) {
                firstProblem = problem;
            }
        }
        if (role == CheckRole.template) {
            // every face big enough to be fused into must pass the minor and identity checks
            relevant.clear();
            relevant.addAll(bigEnough);
        }
        if (usable == 0) {
            return failed(firstProblem, Map.of("count", detected.size()));
        }
        return CheckOutcome.passed("faces", 0, Map.of("count", detected.size(), "usable", usable));
    }

    /** The face that overlaps the rectangle most (intersection over union at least 0.3), or null. */
    private static DetectedFace overlapping(List<DetectedFace> detected, int[] rect) {
        DetectedFace asked = new DetectedFace(rect[0], rect[1], rect[2], rect[3], 1, new double[12]);
        return detected.stream().filter(f -> f.iou(asked) >= 0.3)
                .max(Comparator.comparingDouble(f -> f.iou(asked))).orElse(null);
    }

    private CheckOutcome minorCheck(ModerationPolicy policy, int score, boolean guardianConsent, boolean anyFace) {
        if (!anyFace) {
            return CheckOutcome.passed("minor", 0, Map.of("faces", 0));
        }
        Verdict verdict = policy.verdictFor(score);
        Map<String, Object> detail = Map.of("minorAge", policy.minorAge(), "action", policy.minorAction().name());
        if (verdict == Verdict.pass) {
            return CheckOutcome.passed("minor", score, detail);
        }
        if (verdict == Verdict.review) {
            return new CheckOutcome("minor", Verdict.review, score, "PossibleMinor", detail);
        }
        if (policy.minorAction() == ModerationPolicy.MinorAction.block) {
            return new CheckOutcome("minor", Verdict.block, score, "LikelyMinor", detail);
        }
        return guardianConsent
                ? new CheckOutcome("minor", Verdict.pass, score, "GuardianConsentGiven", detail)
                : new CheckOutcome("minor", Verdict.block, score, "GuardianConsentRequired", detail);
    }

    private static CheckOutcome failed(String reason, Map<String, Object> detail) {
        return new CheckOutcome("faces", Verdict.block, 100, reason, detail);
    }

    private static FaceReport report(DetectedFace face, FaceQuality.Pose pose, Double sharpness, boolean usable,
                                     String problem) {
        return report(face, pose, sharpness, usable, problem, null, null);
    }

    private static FaceReport report(DetectedFace face, FaceQuality.Pose pose, Double sharpness, boolean usable,
                                     String problem, Boolean sunglasses, String landmarks) {
        return new FaceReport((int) Math.round(face.x()), (int) Math.round(face.y()), (int) Math.round(face.width()),
                (int) Math.round(face.height()), round(face.score()), pose == null ? null : round(pose.yaw()),
                pose == null ? null : round(pose.pitch()), sharpness == null ? null : round(sharpness), null, usable,
                problem, sunglasses, landmarks);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
