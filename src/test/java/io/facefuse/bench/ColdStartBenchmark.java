package io.facefuse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.facefuse.localdb.LocalPostgres;
import io.facefuse.support.FunctionUrlEvents;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.support.Signer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the JVM container's entry point, measured: the time from starting
 * {@code java -jar target/facefuse-0.1.0-SNAPSHOT-runner.jar} (the command Dockerfile.jvm-lambda runs) to
 * the answer to its first event, a fusion through the Lambda Runtime API, with and without the AOT
 * cache that a training run records (as the Dockerfile does).
 *
 * <pre>
 *   ./mvnw -q package -DskipTests && tools/lambda-runtime-client && tools/unpack-native-libraries
 *   ./mvnw -q test-compile exec:java@bench-cold-start
 * </pre>
 *
 * A small Runtime API emulator (the protocol Lambda speaks to a container: {@code invocation/next}
 * and {@code invocation/ID/response}), one per process, hands the process one function URL event. The application is
 * the {@code all} build, so moderation and labelling answer in the same process; the database is
 * the project's local PostgreSQL, already migrated by a preparation run.
 */
public final class ColdStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP = Path.of("target/facefuse-0.1.0-SNAPSHOT-runner.jar");
    private static final Path WORK = Path.of("target/cold-start");
    /** tools/lambda-runtime-client puts AWS's runtime interface client here. */
    private static final Path RUNTIME_CLIENT = Path.of("target/lambda-ric");
    /** tools/unpack-native-libraries puts the JPEG codec's library here, where the image has its own. */
    private static final Path OPENCV_LIBRARY = Path.of("target/native/runtime/opencv/libopencv_java490.so");
    private static final int LISTENER_PORT = 8095;
    private static final String OPERATOR_TOKEN = "bench-operator-token";

    private final int databasePort;

    /** The signed pieces of the fusion every run asks for: the app's key and the request body. */
    private record FusionRequest(Signer signer, String body) {
    }

    private ColdStartBenchmark(int databasePort) {
        this.databasePort = databasePort;
    }

    public static void main(String[] args) throws Exception {
        if (!Files.exists(APP)) {
            throw new IllegalStateException(APP + " is missing: run ./mvnw package -DskipTests first");
        }
        if (!Files.exists(RUNTIME_CLIENT)) {
            throw new IllegalStateException(RUNTIME_CLIENT + " is missing: run tools/lambda-runtime-client first");
        }
        Files.createDirectories(WORK);
        int runs = Integer.getInteger("bench.iterations", 5);
        int databasePort = LocalPostgres.ensureStarted(WORK.resolve("postgres").toString());
        ColdStartBenchmark bench = new ColdStartBenchmark(databasePort);
        Path cache = WORK.resolve("app.aot");
        bench.train(cache);
        FusionRequest fusion = bench.prepare();

        List<Double> plain = new ArrayList<>();
        List<Double> aot = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(bench.firstFusion(List.of(), fusion));
            aot.add(bench.firstFusion(List.of("-XX:AOTCache=" + cache), fusion));
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf("process start -> first fusion answered, %d runs each (ms)%n", runs);
        report("without AOT cache", plain);
        report("with AOT cache   ", aot);
        System.exit(0);
    }

    /**
     * The training run of the Dockerfile: the same class path, the application's own main, start,
     * exit, and let the JVM write the cache.
     */
    private void train(Path cache) throws Exception {
        Files.deleteIfExists(cache);
        Process training = launch(List.of("-XX:AOTCacheOutput=" + cache, "-Dfacefuse.aot-training=true",
                "-Dquarkus.flyway.migrate-at-start=false"), QUARKUS_MAIN, 0);
        if (!training.waitFor(10, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.exists(cache)) {
            throw new IllegalStateException("the AOT training run failed; see " + WORK.resolve("process.log"));
        }
        System.out.printf("AOT cache: %s, %.0f MB%n", cache, Files.size(cache) / 1e6);
    }

    /**
     * A first run migrates the database and sets up what a fusion needs (an app, consent, an
     * approved template) over the loopback listener; answers the signed pieces of the fusion request.
     */
    private FusionRequest prepare() throws Exception {
        // One Runtime API per process: a stopped process's pending poll must not take the next one's event.
        RuntimeApi runtime = RuntimeApi.start();
        Process app = launch(List.of("-Dquarkus.flyway.migrate-at-start=true"), LAMBDA_MAIN, runtime.port());
        try {
            awaitPort(LISTENER_PORT, app);
            RestAssured.baseURI = "http://127.0.0.1";
            RestAssured.port = LISTENER_PORT;
            JsonPath created = RestAssured.given().header("X-Facefuse-Operator-Token", OPERATOR_TOKEN)
                    .contentType("application/json").body("""
                            {"name":"cold-start-%s","developer":"Example Dev Ltd",
                             "privacyPolicyUrl":"https://example.com/privacy",
                             "userAgreementUrl":"https://example.com/terms","rateLimitPerSecond":100}
                            """.formatted(UUID.randomUUID()))
                    .post("/v1/ops/apps").then().statusCode(201).extract().jsonPath();
            Signer signer = new Signer(created.getString("credential.keyId"), created.getString("credential.secret"));
            signer.request("POST", "/v1/subjects/cold/consents", """
                    {"purpose":"face_fusion","noticeVersion":"v1","keypointsNoticeShown":true,
                     "ownPhotosNoticeShown":true,"identityVerified":false}""").post("/v1/subjects/cold/consents")
                    .then().statusCode(201);
            byte[] template = ImageEdits.jpeg(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample6")), 0, 200, 1920, 1080), 0.92f);
            String templateId = signer.request("POST", "/v1/templates?name=cold", template, "image/jpeg")
                    .post("/v1/templates?name=cold").then().statusCode(201).extract().jsonPath().getString("id");
            String body = """
                    {"templateId":"%s","subjectId":"cold","items":[{"image":"%s"}]}"""
                    .formatted(templateId, Base64.getEncoder().encodeToString(Photos.bytes("sample1")));
            FusionRequest fusion = new FusionRequest(signer, body);
            int status = runtime.invoke(fusionEvent(fusion)).get(2, TimeUnit.MINUTES).status();
            if (status != 200) {
                throw new IllegalStateException("the preparation fusion answered " + status);
            }
            return fusion;
        } finally {
            stop(app);
            runtime.close();
        }
    }

    /** One cold start: milliseconds from process start to the fusion's answer. */
    private double firstFusion(List<String> jvmOptions, FusionRequest fusion) throws Exception {
        RuntimeApi runtime = RuntimeApi.start();
        CompletableFuture<RuntimeApi.Answer> answer = runtime.invoke(fusionEvent(fusion));
        long start = System.nanoTime();
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dquarkus.flyway.migrate-at-start=false"); // as deployed: migrated once per release
        Process app = launch(options, LAMBDA_MAIN, runtime.port());
        try {
            RuntimeApi.Answer answered = answer.get(3, TimeUnit.MINUTES);
            if (answered.status() != 200) {
                throw new IllegalStateException("the fusion answered " + answered.status());
            }
            return (answered.nanos() - start) / 1e6;
        } finally {
            stop(app);
            runtime.close();
        }
    }

    /** AWS's runtime interface client polls the Runtime API and calls Quarkus's handler. */
    private static final List<String> LAMBDA_MAIN = List.of("com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
    /** The application's own main: starts Quarkus without a Runtime API (the training run). */
    private static final List<String> QUARKUS_MAIN = List.of("io.quarkus.runner.GeneratedMain");

    private Process launch(List<String> jvmOptions, List<String> main, int runtimePort) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-XX:+UseSerialGC", // what the image runs with (Dockerfile.jvm-lambda)
                "--enable-native-access=ALL-UNNAMED", // as the image: the system's libjpeg-turbo (images.TurboJpeg)
                // what the runner jar's manifest opens for java -jar; a class path launch must say it
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + databasePort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dfacefuse.internal-listener.enabled=true", "-Dfacefuse.internal-listener.port=" + LISTENER_PORT,
                "-Dfacefuse.internal.token=bench-internal-token",
                "-Dfacefuse.operators.tokens.bench=" + sha256(OPERATOR_TOKEN),
                "-Dfacefuse.credentials.master-key=YmVuY2gtb25seS1tYXN0ZXIta2V5LTAwMDAwMDAwMDA=",
                "-Dfacefuse.labelling.producer-code=FACEFUSEBENCH00000000000000",
                "-Dfacefuse.labelling.signing-key=YmVuY2gtb25seS1sYWJlbC1zaWduaW5nLWtleS0wMDA=",
                "-Dfacefuse.labelling.watermark-key=YmVuY2gtb25seS13YXRlcm1hcmsta2V5LTAwMDAwMDA=",
                "-Dfacefuse.media.dir=" + WORK.resolve("media").toAbsolutePath(),
                "-Dquarkus.scheduler.enabled=false",
                "-cp", APP + ":target/lib/*:" + RUNTIME_CLIENT + "/*"));
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("process.log").toFile()));
        // what Lambda sets in a function's environment
        builder.environment().putAll(java.util.Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimePort,
                "AWS_LAMBDA_FUNCTION_NAME", "facefuse-fusion", "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008", "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/facefuse-fusion",
                "AWS_LAMBDA_LOG_STREAM_NAME", "cold-start", "AWS_REGION", "eu-west-1",
                "_HANDLER", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"));
        // as the image does: the JPEG codec's library unpacked beforehand (tools/unpack-native-libraries)
        if (Files.exists(OPENCV_LIBRARY)) {
            builder.environment().put("FACEFUSE_OPENCV_LIBRARY", OPENCV_LIBRARY.toAbsolutePath().toString());
        }
        return builder.start();
    }

    private static ObjectNode fusionEvent(FusionRequest fusion) {
        return FunctionUrlEvents.signed(fusion.signer(), "POST", "/v1/fusion", "application/json",
                fusion.body().getBytes(StandardCharsets.UTF_8), fusion.signer().secret(),
                "coldstartbench0000000000000000000.lambda-url.eu-west-1.on.aws");
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor();
        }
    }

    private static void awaitPort(int port, Process app) throws Exception {
        for (int i = 0; i < 1200 && app.isAlive(); i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the application did not start; see " + WORK.resolve("process.log"));
    }

    private static void report(String label, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf("  %s  median %6.0f  min %6.0f  max %6.0f   %s%n", label, sorted.get(sorted.size() / 2),
                sorted.getFirst(), sorted.getLast(), millis.stream().map(m -> String.format("%.0f", m)).toList());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The Lambda Runtime API, as much of it as a function needs: next invocation, response, errors. */
    static final class RuntimeApi implements AutoCloseable {

        record Answer(int status, long nanos) {
        }

        private record Pending(String id, byte[] event, CompletableFuture<Answer> answer) {
        }

        private final HttpServer server;
        private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final java.util.Map<String, Pending> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

        private RuntimeApi(HttpServer server) {
            this.server = server;
        }

        static RuntimeApi start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            RuntimeApi api = new RuntimeApi(server);
            server.createContext("/2018-06-01/runtime/", api::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return api;
        }

        int port() {
            return server.getAddress().getPort();
        }

        CompletableFuture<Answer> invoke(ObjectNode event) throws IOException {
            Pending pending = new Pending(UUID.randomUUID().toString(), JSON.writeValueAsBytes(event), new CompletableFuture<>());
            queue.add(pending);
            return pending.answer();
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            byte[] request = exchange.getRequestBody().readAllBytes();
            try {
                if (path.endsWith("/invocation/next")) {
                    Pending next = queue.take();
                    inFlight.put(next.id(), next);
                    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                            Long.toString(System.currentTimeMillis() + 300_000));
                    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:eu-west-1:123456789012:function:facefuse-fusion");
                    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, next.event().length);
                    exchange.getResponseBody().write(next.event());
                } else if (path.contains("/invocation/") && path.endsWith("/response")) {
                    String id = path.split("/")[4];
                    Pending done = inFlight.remove(id);
                    int status = JSON.readTree(request).path("statusCode").asInt(0);
                    exchange.sendResponseHeaders(202, -1);
                    if (done != null) {
                        done.answer().complete(new Answer(status, now));
                    }
                } else if (path.endsWith("/error")) {
                    String id = path.split("/")[4];
                    exchange.sendResponseHeaders(202, -1);
                    Pending failed = inFlight.remove(id);
                    String reason = new String(request, StandardCharsets.UTF_8);
                    if (failed != null) {
                        failed.answer().completeExceptionally(new IllegalStateException("invocation error: " + reason));
                    } else {
                        System.err.println("runtime error reported: " + reason);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
