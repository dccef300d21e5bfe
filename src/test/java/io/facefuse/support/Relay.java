package io.facefuse.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP relay between one function and another, for tests of a dependency's outage: while up it
 * passes every request on to {@code target} and its answer back; while down it answers 503, as a
 * function that is failing or being replaced does.
 */
public final class Relay implements AutoCloseable {

    /** Headers the JDK's client sets itself and refuses to be given. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private volatile boolean up = true;
    /** Where only some routes are down: their path's start; null otherwise. */
    private volatile String downPath;

    private Relay(int port, String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::relay);
        server.start();
    }

    /** Listens on {@code port} of 127.0.0.1 and relays to {@code target} (scheme, host and port). */
    public static Relay start(int port, String target) {
        try {
            return new Relay(port, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void up() {
        up = true;
        downPath = null;
    }

    public void down() {
        up = false;
    }

    /** Down for the routes whose path starts with {@code pathPrefix} only: a failure at one step of a pipeline. */
    public void down(String pathPrefix) {
        downPath = pathPrefix;
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = downPath;
            if (!up || path != null && exchange.getRequestURI().getPath().startsWith(path)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!OWN_HEADERS.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!OWN_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
