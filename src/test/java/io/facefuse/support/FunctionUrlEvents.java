package io.facefuse.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.facefuse.security.RequestSignature;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda function URL events (payload format 2.0, base64 body) as AWS writes them, from the template
 * in src/test/resources/lambda: for the function URL contract test and the cold-start benchmark.
 */
public final class FunctionUrlEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIGNATURE_HEADERS = List.of("x-facefuse-key-id", "x-facefuse-timestamp",
            "x-facefuse-nonce", "x-facefuse-signature");

    private FunctionUrlEvents() {
    }

    /** An unsigned request arriving through the function URL at {@code domain}. */
    public static ObjectNode event(String method, String path, String contentType, byte[] body, String domain) {
        String template;
        try (InputStream in = FunctionUrlEvents.class.getResourceAsStream("/lambda/function-url-event.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : Map.of("rawPath", path, "method", method,
                    "contentType", contentType, "domainName", domain, "requestId", UUID.randomUUID().toString(),
                    "bodyBase64", Base64.getEncoder().encodeToString(body)).entrySet()) {
                template = template.replace("${" + value.getKey() + "}", value.getValue());
            }
            ObjectNode event = (ObjectNode) JSON.readTree(template);
            ((ObjectNode) event.get("headers")).remove(SIGNATURE_HEADERS); // only signed requests carry them
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same, signed as an app signs: with {@code signer}'s key id and {@code signingSecret}. */
    public static ObjectNode signed(Signer signer, String method, String path, String contentType, byte[] body,
                                    String signingSecret, String domain) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = Signer.freshNonce();
        String signature = RequestSignature.sign(signingSecret,
                RequestSignature.stringToSign(method, path, "", timestamp, nonce, body));
        ObjectNode event = event(method, path, contentType, body, domain);
        ((ObjectNode) event.get("headers")).put("x-facefuse-key-id", signer.keyId())
                .put("x-facefuse-timestamp", timestamp).put("x-facefuse-nonce", nonce)
                .put("x-facefuse-signature", signature);
        return event;
    }

    /** The same event as if it came from another client address (the function URL's {@code sourceIp}). */
    public static ObjectNode from(ObjectNode event, String sourceIp) {
        ((ObjectNode) event.get("requestContext").get("http")).put("sourceIp", sourceIp);
        return event;
    }

    /** The Lambda runtime's test endpoint takes a raw event and answers the raw handler response. */
    public static JsonNode invoke(JsonNode event) {
        try {
            String raw = RestAssured.given().contentType("application/json").body(JSON.writeValueAsString(event))
                    .post("/_lambda_").then().statusCode(200).extract().asString();
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String decodedBody(JsonNode response) {
        String body = response.get("body").asText();
        return response.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    /** A response header, single- or multi-valued, by name in any case; empty when absent. */
    public static String header(JsonNode response, String name) {
        for (var it = response.get("headers").fields(); it.hasNext(); ) {
            var header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        JsonNode multi = response.path("multiValueHeaders");
        for (var it = multi.fields(); it.hasNext(); ) {
            var header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().get(0).asText();
            }
        }
        return "";
    }
}
