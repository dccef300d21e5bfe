package io.facefuse.bench;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.moderation.CheckRole;
import io.facefuse.moderation.FaceIndex;
import io.facefuse.moderation.ImageModerator;
import io.facefuse.moderation.ModerationPolicy;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Times a full moderation check of a 1920×1280 photo on one thread, stage by stage, its decoding
 * with an sRGB and a Display P3 profile, and a feature-library face lookup at 10,000 and 100,000
 * entries.
 *
 * <pre>./mvnw -q test-compile exec:java@bench-moderation</pre>
 */
public final class ModerationBenchmark {

    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 100);
    private static final ModerationPolicy POLICY = new ModerationPolicy(70, 80, 34, 6, 45, 40, 20, 18,
            ModerationPolicy.MinorAction.block, 24);

    private ModerationBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d runs after 10 warm-up runs, one thread%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ITERATIONS);
        try (ModelRegistry registry = ModelRegistry.load(EnumSet.allOf(ModelSpec.class), Optional.empty())) {
            ImageModerator moderator = new ImageModerator(registry, 36_000_000);
            byte[] photo = Photos.bytes("sample1");
            for (CheckRole role : new CheckRole[]{CheckRole.user_photo, CheckRole.template}) {
                check(moderator, photo, role);
            }
            decodes(moderator, photo);
        }
        lookups();
    }

    /** Decoding alone: sample1 as it is (an sRGB profile embedded) and as a Display P3 camera would write it. */
    private static void decodes(ImageModerator moderator, byte[] jpeg) {
        byte[] p3 = ImageEdits.jpegInProfile(ImageEdits.read(jpeg), ImageEdits.displayP3(), 0.95f);
        for (Map.Entry<String, byte[]> photo : Map.of("sRGB profile", jpeg, "Display P3 profile", p3).entrySet()) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < ITERATIONS + 10; i++) {
                long start = System.nanoTime();
                moderator.decode(photo.getValue());
                if (i >= 10) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%ndecode, sample1 1920x1280, %s: p50 %.1f ms, p99 %.1f ms%n", photo.getKey(),
                    Percentile.of(millis, 50), Percentile.of(millis, 99));
        }
    }

    private static void check(ImageModerator moderator, byte[] jpeg, CheckRole role) {
        FaceIndex library = randomIndex(10_000, new Random(3));
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        List<Double> totals = new ArrayList<>();
        for (int i = 0; i < ITERATIONS + 10; i++) {
            long start = System.nanoTime();
            RgbImage image = moderator.decode(jpeg);
            double decode = (System.nanoTime() - start) / 1e6;
            ImageModerator.Analysis analysis = moderator.analyse(image, role, POLICY, false);
            long lookup = System.nanoTime();
            for (float[] embedding : analysis.embeddings()) {
                library.nearest(FaceIndex.quantize(embedding));
            }
            double lookupMillis = (System.nanoTime() - lookup) / 1e6;
            double total = (System.nanoTime() - start) / 1e6;
            if (i < 10) {
                continue;
            }
            stages.computeIfAbsent("decode", k -> new ArrayList<>()).add(decode);
            analysis.millis().forEach((stage, ms) -> stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(ms));
            stages.computeIfAbsent("library (10k faces)", k -> new ArrayList<>()).add(lookupMillis);
            totals.add(total);
        }
        System.out.printf(Locale.ROOT, "%nfull check, sample1 1920x1280 (3 faces), role %s: p50 %.1f ms, p99 %.1f ms%n",
                role, Percentile.of(totals, 50), Percentile.of(totals, 99));
        stages.forEach((stage, ms) -> System.out.printf(Locale.ROOT, "  %-22s p50 %6.1f ms  p99 %6.1f ms%n", stage,
                Percentile.of(ms, 50), Percentile.of(ms, 99)));
    }

    private static void lookups() {
        Random random = new Random(5);
        for (int size : new int[]{10_000, 100_000}) {
            FaceIndex index = randomIndex(size, random);
            byte[] query = FaceIndex.quantize(unit(random));
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < ITERATIONS + 10; i++) {
                long start = System.nanoTime();
                index.nearest(query);
                if (i >= 10) {
                    ms.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%nfeature library, one face looked up among %,d: p50 %.2f ms, p99 %.2f ms (%d MB)%n",
                    size, Percentile.of(ms, 50), Percentile.of(ms, 99), (long) size * FaceIndex.DIMENSIONS >> 20);
        }
    }

    private static FaceIndex randomIndex(int size, Random random) {
        byte[] vectors = new byte[size * FaceIndex.DIMENSIONS];
        UUID[] ids = new UUID[size];
        double[] thresholds = new double[size];
        for (int i = 0; i < size; i++) {
            System.arraycopy(FaceIndex.quantize(unit(random)), 0, vectors, i * FaceIndex.DIMENSIONS, FaceIndex.DIMENSIONS);
            ids[i] = new UUID(0, i);
            thresholds[i] = 0.7;
        }
        return new FaceIndex(vectors, ids, thresholds);
    }

    private static float[] unit(Random random) {
        float[] v = new float[FaceIndex.DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
