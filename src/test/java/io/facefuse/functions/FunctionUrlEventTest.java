package io.facefuse.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.security.RequestSignature;
import io.facefuse.support.Operator;
import io.facefuse.support.Signer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Posts raw Lambda function URL events (payload format 2.0, base64 body) to the Lambda runtime
 * and reads the raw Lambda responses, as AWS does, without an HTTP-to-event translation in between.
 */
@QuarkusTest
class FunctionUrlEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSignedConsentEventIsAnsweredWithAJsonResponse() throws IOException {
        Operator.TestApp app = Operator.createApp("raw-event");
        String path = "/v1/subjects/raw-1/consents";
        String body = """
                {"purpose":"face_fusion","noticeVersion":"v1","keypointsNoticeShown":true,
                 "ownPhotosNoticeShown":true,"identityVerified":false}""";
        JsonNode response = invoke(event(app.signer(), "POST", path, body, app.signer().secret()));

        assertEquals(201, response.get("statusCode").asInt());
        JsonNode answer = JSON.readTree(decodedBody(response));
        assertEquals("granted", answer.at("/current/action").asText());
        assertTrue(header(response, "content-type").startsWith("application/json"));
    }

    @Test
    void aBadlySignedEventIsAnsweredWithAProblem() throws IOException {
        Operator.TestApp app = Operator.createApp("raw-event-bad");
        JsonNode response = invoke(event(app.signer(), "GET", "/v1/app", "", "ffs_not-the-secret"));

        assertEquals(401, response.get("statusCode").asInt());
        assertEquals("application/problem+json", header(response, "content-type"));
        assertEquals("InvalidSignature", JSON.readTree(decodedBody(response)).get("code").asText());
    }

    private static String event(Signer signer, String method, String path, String body, String signingSecret)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = Signer.freshNonce();
        String signature = RequestSignature.sign(signingSecret,
                RequestSignature.stringToSign(method, path, "", timestamp, nonce, bytes));
        String template;
        try (InputStream in = FunctionUrlEventTest.class.getResourceAsStream("/lambda/function-url-event.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : Map.of("rawPath", path, "method", method, "keyId", signer.keyId(),
                "timestamp", timestamp, "nonce", nonce, "signature", signature,
                "requestId", UUID.randomUUID().toString(),
                "bodyBase64", Base64.getEncoder().encodeToString(bytes)).entrySet()) {
            template = template.replace("${" + value.getKey() + "}", value.getValue());
        }
        return template;
    }

    /** The Lambda runtime's test endpoint takes a raw event and answers the raw handler response. */
    private static JsonNode invoke(String event) throws IOException {
        String raw = RestAssured.given().contentType("application/json").body(event).post("/_lambda_")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(raw);
    }

    private static String decodedBody(JsonNode response) {
        String body = response.get("body").asText();
        return response.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private static String header(JsonNode response, String name) {
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
