package io.facefuse.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.facefuse.security.TokenAuthenticator;
import io.facefuse.support.FunctionUrlEvents;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.facefuse.support.Signer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.facefuse.support.FunctionUrlEvents.decodedBody;
import static io.facefuse.support.FunctionUrlEvents.header;
import static io.facefuse.support.FunctionUrlEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function URL contract: raw Lambda function URL events (payload format 2.0, base64 bodies, as
 * AWS delivers them) go to the Lambda runtime, and the raw Lambda responses come back, with no
 * HTTP-to-event translation in between. Covers JSON and binary (image) answers, problems, the
 * public-only URL of a function, and housekeeping by direct invocation.
 */
@QuarkusTest
class FunctionUrlEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An ordinary function URL host, and the one %test configures as public-only. */
    private static final String URL_HOST = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
    private static final String PUBLIC_ONLY_HOST = "publiclabellingurl000000000000000.lambda-url.eu-west-1.on.aws";

    @Test
    void aSignedConsentEventIsAnsweredWithAJsonResponse() throws IOException {
        Operator.TestApp app = Operator.createApp("raw-event");
        String path = "/v1/subjects/raw-1/consents";
        String body = """
                {"purpose":"face_fusion","noticeVersion":"v1","keypointsNoticeShown":true,
                 "ownPhotosNoticeShown":true,"identityVerified":false}""";
        JsonNode response = invoke(signedEvent(app.signer(), "POST", path, "application/json",
                body.getBytes(StandardCharsets.UTF_8), app.signer().secret()));

        assertEquals(201, response.get("statusCode").asInt());
        JsonNode answer = JSON.readTree(decodedBody(response));
        assertEquals("granted", answer.at("/current/action").asText());
        assertTrue(header(response, "content-type").startsWith("application/json"));
    }

    @Test
    void aBadlySignedEventIsAnsweredWithAProblem() throws IOException {
        Operator.TestApp app = Operator.createApp("raw-event-bad");
        JsonNode response = invoke(signedEvent(app.signer(), "GET", "/v1/app", "application/json", new byte[0],
                "ffs_not-the-secret"));

        assertEquals(401, response.get("statusCode").asInt());
        assertEquals("application/problem+json", header(response, "content-type"));
        assertEquals("InvalidSignature", JSON.readTree(decodedBody(response)).get("code").asText());
    }

    @Test
    void aBinaryImageBodyComesBackAsABase64EncodedImage() throws IOException {
        Operator.TestApp app = Operator.createApp("raw-event-binary");
        byte[] photo = Photos.resource("/photos/sample2.jpg");
        JsonNode response = invoke(signedEvent(app.signer(), "POST", "/v1/labels", "image/jpeg", photo,
                app.signer().secret()));

        assertEquals(200, response.get("statusCode").asInt());
        assertTrue(response.get("isBase64Encoded").asBoolean(), "binary answers must be base64-encoded");
        assertEquals("image/jpeg", header(response, "content-type"));
        byte[] labelled = Base64.getDecoder().decode(response.get("body").asText());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(labelled));
        assertNotNull(image, "the body must decode as an image");
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(photo));
        assertEquals(original.getWidth(), image.getWidth());
        assertFalse(header(response, "x-facefuse-content-id").isEmpty(), "the content id travels in a header");
    }

    @Test
    void thePublicOnlyUrlServesPublicRoutesAndHidesTheOthers() throws IOException {
        ObjectNode operatorRoute = event("GET", "/v1/ops/trace/verification", "application/json", new byte[0],
                PUBLIC_ONLY_HOST);
        ((ObjectNode) operatorRoute.get("headers")).put(TokenAuthenticator.OPERATOR_HEADER.toLowerCase(), Operator.TOKEN);
        JsonNode hidden = invoke(operatorRoute);
        assertEquals(404, hidden.get("statusCode").asInt());
        assertEquals("NotFound", JSON.readTree(decodedBody(hidden)).get("code").asText());

        operatorRoute.with("requestContext").put("domainName", URL_HOST);
        assertEquals(200, invoke(operatorRoute).get("statusCode").asInt(), "the same call on the other URL works");

        JsonNode inspection = invoke(event("POST", "/v1/labels/inspection", "image/jpeg",
                Photos.resource("/photos/sample3.jpg"), PUBLIC_ONLY_HOST));
        assertEquals(200, inspection.get("statusCode").asInt());
        assertFalse(JSON.readTree(decodedBody(inspection)).get("watermarkPresent").asBoolean());
    }

    @Test
    void housekeepingRunsForADirectInvocationOnly() throws IOException {
        ObjectNode scheduled = event("POST", "/internal/v1/housekeeping", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), URL_HOST);
        JsonNode throughUrl = invoke(scheduled);
        assertEquals(401, throughUrl.get("statusCode").asInt(), "a function URL caller needs the service token");
        assertEquals("ServiceCredentialRequired", JSON.readTree(decodedBody(throughUrl)).get("code").asText());

        // What EventBridge Scheduler sends (terraform/schedules.tf): an event no URL delivered.
        scheduled.with("requestContext").remove(java.util.List.of("domainName", "domainPrefix", "apiId"));
        JsonNode direct = invoke(scheduled);
        assertEquals(200, direct.get("statusCode").asInt());
        JsonNode jobs = JSON.readTree(decodedBody(direct)).get("jobs");
        for (String job : new String[]{"result-retention", "review-image-retention", "trace-retention",
                "terminated-app-purge", "nonce-sweep"}) {
            assertEquals("done", jobs.path(job).asText(), job + " must have run");
        }
    }

    private static ObjectNode signedEvent(Signer signer, String method, String path, String contentType, byte[] body,
                                          String signingSecret) {
        return FunctionUrlEvents.signed(signer, method, path, contentType, body, signingSecret, URL_HOST);
    }

    private static ObjectNode event(String method, String path, String contentType, byte[] body, String domain) {
        return FunctionUrlEvents.event(method, path, contentType, body, domain);
    }
}
