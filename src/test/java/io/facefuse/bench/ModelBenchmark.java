package io.facefuse.bench;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceBlender;
import io.facefuse.vision.FaceDetector;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Times each model on this machine: cold load, then warm latency (p50/p99) with one thread and with
 * two threads calling at once, and the detector and landmarks on a whole sample photo.
 *
 * <pre>./mvnw -q test-compile exec:java@bench-models [-Dbench.iterations=200]</pre>
 */
public final class ModelBenchmark {

    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 200);
    private static final int WARMUP = 30;

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        long start = System.nanoTime();
        ModelRegistry registry = ModelRegistry.load(EnumSet.allOf(ModelSpec.class), Optional.empty());
        System.out.printf(Locale.ROOT, "cold load of all models (engine start included): %.0f ms %s%n",
                (System.nanoTime() - start) / 1e6, registry.loadMillis());
        if (!registry.failures().isEmpty()) {
            throw new IllegalStateException(registry.failures().toString());
        }

        System.out.println("model          input   1 thread p50/p99 ms   2 threads p50/p99 ms");
        for (ModelSpec spec : ModelSpec.values()) {
            if (spec == ModelSpec.BLEND) {
                continue; // three inputs: timed below through FaceBlender
            }
            int size = spec.inputSize();
            RgbImage input = photo("sample1").squareCrop(0, 0, 1000, 1000, size);
            Supplier<Object> call = () -> registry.run(spec, input);
            double[] one = time(call, 1);
            double[] two = time(call, 2);
            System.out.printf(Locale.ROOT, "%-14s %4dpx   %6.2f / %6.2f          %6.2f / %6.2f%n", spec.fileName(), size,
                    one[0], one[1], two[0], two[1]);
        }

        FaceBlender blender = new FaceBlender(registry);
        RgbImage face = photo("sample1").squareCrop(400, 200, 600, 600, FaceBlender.SIZE);
        RgbImage target = photo("sample2").squareCrop(300, 100, 600, 600, FaceBlender.SIZE);
        float[] mask = new float[FaceBlender.SIZE * FaceBlender.SIZE];
        for (int y = 64; y < 192; y++) {
            Arrays.fill(mask, y * FaceBlender.SIZE + 64, y * FaceBlender.SIZE + 192, 1f);
        }
        double[] blendOne = time(() -> blender.blend(face, target, mask), 1);
        double[] blendTwo = time(() -> blender.blend(face, target, mask), 2);
        System.out.printf(Locale.ROOT, "%-14s %4dpx   %6.2f / %6.2f          %6.2f / %6.2f%n", "blend", FaceBlender.SIZE,
                blendOne[0], blendOne[1], blendTwo[0], blendTwo[1]);

        FaceDetector detector = new FaceDetector(registry);
        FaceAnalysis analysis = new FaceAnalysis(registry);
        for (String name : List.of("sample1", "sample5")) {
            RgbImage photo = photo(name);
            List<DetectedFace> faces = detector.detect(photo);
            double[] detect = time(() -> detector.detect(photo), 1);
            double[] mesh = time(() -> {
                faces.forEach(f -> analysis.landmarks(photo, f));
                return faces;
            }, 1);
            System.out.printf(Locale.ROOT, "%s (%dx%d, %d faces): detect p50 %.1f ms, landmarks for all faces p50 %.1f ms%n",
                    name, photo.width(), photo.height(), faces.size(), detect[0], mesh[0]);
        }
        registry.close();
        runJavaScriptPeer();
        System.exit(0);
    }

    /** The same photos through the original models in TF.js (WASM), when tools/models is installed. */
    private static void runJavaScriptPeer() throws IOException, InterruptedException {
        java.nio.file.Path tools = java.nio.file.Path.of("tools/models");
        if (!java.nio.file.Files.isDirectory(tools.resolve("node_modules"))) {
            System.out.println("TF.js peer skipped: run `npm ci` in tools/models to compare in the same run");
            return;
        }
        System.out.println("--- the originals, TensorFlow.js WASM backend (tools/models/bench.mjs) ---");
        Process node = new ProcessBuilder("node", "bench.mjs").directory(tools.toFile()).redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream())).lines()) {
            lines.filter(line -> !line.isBlank() && !line.contains("tfjs-node") && !line.startsWith("====")
                    && !line.startsWith("Hi, looks")).forEach(System.out::println);
        }
        node.waitFor();
    }

    /** p50 and p99 in ms of one call, with {@code threads} threads calling in a loop. */
    private static double[] time(Supplier<Object> call, int threads) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.get();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    double[] samples = new double[ITERATIONS];
                    for (int i = 0; i < ITERATIONS; i++) {
                        long s = System.nanoTime();
                        call.get();
                        samples[i] = (System.nanoTime() - s) / 1e6;
                    }
                    return samples;
                }));
            }
            double[] all = new double[0];
            for (Future<double[]> result : results) {
                double[] samples = result.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + samples.length);
                System.arraycopy(samples, 0, all, at, samples.length);
            }
            Arrays.sort(all);
            return new double[]{all[all.length / 2], all[(int) Math.floor(all.length * 0.99)]};
        } finally {
            pool.shutdown();
        }
    }

    private static RgbImage photo(String name) throws IOException {
        try (InputStream in = ModelBenchmark.class.getResourceAsStream("/photos/" + name + ".jpg")) {
            return RgbImage.decode(in.readAllBytes());
        }
    }
}
