package io.facefuse.bench;

import io.facefuse.fusion.FaceFusionEngine;
import io.facefuse.images.Images;
import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.SkinColour;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Times the fusion function's own stage of a fusion, piece by piece, as {@code POST /v1/fusion} runs
 * it in the end-to-end benchmark: sample1 (1920×1280) into the largest face of sample6 cut to
 * 1920×1080, at the templates' default degrees (face 80, profile 50), with the models the fusion
 * function loads (the hand models among them: a hand over the user's face is looked for on a second
 * core). The template's copy, each of the engine's stages, and the JPEG encode at 0.92.
 *
 * <pre>./mvnw -q test-compile exec:java@bench-engine</pre>
 */
public final class EngineBenchmark {

    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 40);
    private static final int WARM_UP = 10;

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d runs after %d warm-up runs%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ITERATIONS, WARM_UP);
        try (ModelRegistry models = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.FACEMESH, ModelSpec.BLEND,
                ModelSpec.HANDDETECT, ModelSpec.HANDLANDMARK), Optional.empty())) {
            RgbImage user = RgbImage.of(ImageEdits.read(Photos.bytes("sample1")));
            RgbImage template = RgbImage.of(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample6")), 0, 200, 1920, 1080));
            double[] userLandmarks = landmarks(models, user);
            double[] templateLandmarks = landmarks(models, template);
            // as the pipeline has them: the template's colour measured at upload, moderation's sunglasses answer
            FaceFusionEngine.Face target = new FaceFusionEngine.Face(templateLandmarks,
                    SkinColour.of(template, templateLandmarks), false);
            FaceFusionEngine.Face source = new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks),
                    false, false);
            FaceFusionEngine engine = new FaceFusionEngine(models);
            FaceFusionEngine.Degrees degrees = new FaceFusionEngine.Degrees(0.8, 0.5);

            Map<String, List<Double>> stages = new LinkedHashMap<>();
            for (int i = 0; i < ITERATIONS + WARM_UP; i++) {
                Map<String, Double> run = new LinkedHashMap<>();
                long start = System.nanoTime();
                RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
                run.put("template copy", (System.nanoTime() - start) / 1e6);
                long engineStart = System.nanoTime();
                engine.fuse(canvas, target, user, source, degrees).forEach((stage, ms) -> run.put("engine: " + stage, ms));
                run.put("engine (all)", (System.nanoTime() - engineStart) / 1e6);
                long encodeStart = System.nanoTime();
                Images.encode(canvas, false, 0.92f);
                run.put("encode (JPEG 0.92)", (System.nanoTime() - encodeStart) / 1e6);
                run.put("total", (System.nanoTime() - start) / 1e6);
                if (i >= WARM_UP) {
                    run.forEach((stage, ms) -> stages.computeIfAbsent(stage, s -> new ArrayList<>()).add(ms));
                }
            }
            stages.forEach((stage, millis) -> System.out.printf(Locale.ROOT, "  %-22s p50 %6.1f ms  p90 %6.1f ms%n",
                    stage, Percentile.of(millis, 50), Percentile.of(millis, 90)));
        }
    }

    private static double[] landmarks(ModelRegistry models, RgbImage photo) {
        DetectedFace face = new FaceDetector(models).detect(photo).stream()
                .max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
        return new FaceAnalysis(models).landmarks(photo, face).points();
    }
}
