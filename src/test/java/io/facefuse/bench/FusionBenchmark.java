package io.facefuse.bench;

import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end {@code POST /v1/fusion} through the Lambda handler (the mock event server of the
 * test profile), signed, with moderation and labelling over HTTP: latency with the Server-Timing
 * breakdown, then throughput with the cores busy. A benchmark, not a test: surefire's default
 * includes skip it; it prints, it asserts nothing about time.
 *
 * <pre>./mvnw test -Dtest=FusionBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
class FusionBenchmark {

    private static final int RUNS = Integer.getInteger("bench.iterations", 60);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void endToEnd() throws Exception {
        Operator.TestApp app = Operator.createApp("bench-" + System.nanoTime());
        Moderation.consent(app, "bench-user");
        // a 1080p template: sample6's faces, cut to 1920x1080
        byte[] template = ImageEdits.jpeg(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample6")), 0, 200, 1920, 1080), 0.92f);
        String path = "/v1/templates?name=bench";
        String templateId = app.signer().request("POST", path, template, "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
        String body = """
                {"templateId":"%s","subjectId":"bench-user","items":[{"image":"%s"}]}"""
                .formatted(templateId, Base64.getEncoder().encodeToString(Photos.bytes("sample1")));

        Map<String, List<Double>> stages = new LinkedHashMap<>();
        List<Double> client = new ArrayList<>();
        long cpuAtStart = 0;
        long clientCpuAtStart = 0;
        Map<String, Long> poolsAtStart = Map.of();
        for (int i = 0; i < RUNS + 5; i++) {
            if (i == 5) {
                cpuAtStart = processCpuNanos();
                clientCpuAtStart = THREADS.getCurrentThreadCpuTime();
                poolsAtStart = cpuByPool();
            }
            long start = System.nanoTime();
            Response response = app.signer().request("POST", "/v1/fusion", body).post("/v1/fusion");
            double ms = (System.nanoTime() - start) / 1e6;
            response.then().statusCode(200);
            if (i < 5) {
                continue; // warm-up
            }
            client.add(ms);
            // one header; the Lambda event path may hand its comma-separated parts over as several values
            for (String part : String.join(", ", response.headers().getValues("Server-Timing")).split(",\\s*")) {
                String[] kv = part.split(";dur=");
                stages.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Double.parseDouble(kv[1]));
            }
        }
        double cpuMs = (processCpuNanos() - cpuAtStart) / 1e6 / RUNS;
        double clientCpuMs = (THREADS.getCurrentThreadCpuTime() - clientCpuAtStart) / 1e6 / RUNS;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%nmachine: %d cores, Java %s; %d sequential fusions after 5 warm-up%n",
                cores, System.getProperty("java.version"), RUNS);
        // what bounds throughput once instances scale out: the CPU one fusion costs (all three
        // functions, GC and JIT included), less what the benchmark's own client thread spent
        System.out.printf(Locale.ROOT, "  CPU per fusion: %.0f ms, of which the client thread %.0f ms: at most %.1f fusions/s on %d cores%n",
                cpuMs, clientCpuMs, cores * 1000 / (cpuMs - clientCpuMs), cores);
        Map<String, Long> pools = cpuByPool();
        long inThreads = 0;
        StringBuilder byPool = new StringBuilder();
        for (Map.Entry<String, Long> pool : pools.entrySet()) {
            long spent = pool.getValue() - poolsAtStart.getOrDefault(pool.getKey(), 0L);
            inThreads += spent;
            if (spent / 1e6 / RUNS >= 1) {
                byPool.append(String.format(Locale.ROOT, "%s %.0f, ", pool.getKey(), spent / 1e6 / RUNS));
            }
        }
        System.out.printf(Locale.ROOT, "  by thread pool (ms a fusion): %sGC, JIT and other threads the JVM does not list %.0f%n",
                byPool, cpuMs - inThreads / 1e6 / RUNS);
        System.out.printf(Locale.ROOT, "  %-16s p50 %7.1f ms  p99 %7.1f ms%n", "client (all)",
                Percentile.of(client, 50), Percentile.of(client, 99));
        for (String stage : List.of("moderateInputs", "fuse", "moderateOutput", "label", "record", "total")) {
            List<Double> ms = stages.getOrDefault(stage, List.of(0.0));
            System.out.printf(Locale.ROOT, "  %-16s p50 %7.1f ms  p99 %7.1f ms%n", stage, Percentile.of(ms, 50),
                    Percentile.of(ms, 99));
        }

        for (int threads : new int[]{2, 4}) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger done = new AtomicInteger();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        app.signer().request("POST", "/v1/fusion", body).post("/v1/fusion").then().statusCode(200);
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "throughput with %d concurrent clients: %.2f fusions/s (%d in %.1f s)%n",
                    threads, done.get() / seconds, done.get(), seconds);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the JVM's live threads, summed by name with the numbers taken out ("executor-thread-3" → "executor-thread"). */
    private static Map<String, Long> cpuByPool() {
        Map<String, Long> pools = new TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                pools.merge(info.getThreadName().replaceAll("[-#]?\\d+", ""), cpu, Long::sum);
            }
        }
        return pools;
    }
}
