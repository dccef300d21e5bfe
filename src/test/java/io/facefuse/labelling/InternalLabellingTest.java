package io.facefuse.labelling;

import io.facefuse.clients.LabellingClient;
import io.facefuse.security.RequestSignature;
import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fusion labels its outputs through the labelling function's REST client; nobody else may. */
@QuarkusTest
class InternalLabellingTest {

    @Inject
    @RestClient
    LabellingClient labelling;

    @Inject
    DataSource dataSource;

    @Test
    void theClientLabelsAnOutputForAnApp() throws Throwable {
        Operator.TestApp app = Operator.createApp("fusion-output");
        Response response = VertxContextSupport.subscribeAndAwait(
                () -> labelling.label(Photos.bytes("sample6"), "image/jpeg", app.appId(), "user-3", "top-left", "en", true,
                        null, null, false));
        assertEquals(200, response.getStatus());
        String contentId = response.getHeaderString(LabelResource.CONTENT_ID_HEADER);
        byte[] image = response.readEntity(byte[].class);
        assertEquals(contentId, MetadataLabel.read(image).produceId());
        VisibleLabel.Found found = VisibleLabel.find(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image)));
        assertNotNull(found);
        assertEquals(VisibleLabel.Corner.TOP_LEFT, found.corner());
        assertEquals(VisibleLabel.Language.EN, found.language());
        assertEquals(1, new Db(dataSource).count("select count(*) from trace_entry where content_id = ? "
                + "and actor = 'service:fusion' and app_id = ?::uuid", contentId, app.appId().toString()));
    }

    /** The labels re-encode the image: at the quality fusion passes on (its request's), else at 0.92. */
    @Test
    void theLabelledImageIsEncodedAtTheQualityAsked() throws Throwable {
        Operator.TestApp app = Operator.createApp("fusion-quality");
        Map<Float, Integer> steps = new LinkedHashMap<>();
        Map<Float, Integer> sizes = new LinkedHashMap<>();
        for (Float quality : new Float[]{0.5f, null, 1.0f}) {
            Response response = VertxContextSupport.subscribeAndAwait(() -> labelling.label(Photos.bytes("sample6"),
                    "image/jpeg", app.appId(), "user-3", "bottom-right", "zh", true, quality, null, false));
            assertEquals(200, response.getStatus());
            byte[] image = response.readEntity(byte[].class);
            steps.put(quality, ImageEdits.luminanceDcStep(image));
            sizes.put(quality, image.length);
        }
        assertEquals(16, steps.get(0.5f), "quality 0.5: " + steps);
        assertEquals(3, steps.get(null), "the default, 0.92: " + steps);
        assertEquals(1, steps.get(1.0f), "quality 1: " + steps);
        assertTrue(sizes.get(0.5f) < sizes.get(null) && sizes.get(null) < sizes.get(1.0f), "sizes: " + sizes);
    }

    /**
     * Fusion labels its output while moderation checks it: such a label is held, its trace entry
     * appended only when the output is released, next to the release's own entry, and only once.
     */
    @Test
    void aHeldLabelIsTracedOnlyWhenItsOutputIsReleased() throws Throwable {
        Operator.TestApp app = Operator.createApp("fusion-held");
        Db db = new Db(dataSource);
        HeldLabel held = heldLabel(app, "user-4");
        String contentId = held.contentId();
        String receipt = held.receipt();
        byte[] image = held.image();
        assertNotNull(receipt, "a held label answers its receipt");
        assertEquals(contentId, MetadataLabel.read(image).produceId(), "labelled as any other");
        assertEquals(0, db.count("select count(*) from trace_entry where content_id = ?", contentId), "nothing traced yet");

        String outputHash = RequestSignature.sha256Hex(image);
        release(receipt, releaseEvent(app, contentId, outputHash)).then().statusCode(201);
        assertEquals("label.apply,fusion.create", db.string("select string_agg(operation, ',' order by seq) "
                + "from trace_entry where content_id = ?", contentId), "the label's entry first, then the release's");
        assertEquals(1, db.count("select max(seq) - min(seq) from trace_entry where content_id = ?", contentId),
                "appended together");
        assertEquals(1, db.count("select count(*) from trace_entry where content_id = ? and operation = 'label.apply' "
                + "and actor = 'service:fusion' and subject_id = 'user-4' and output_hash = ?", contentId, outputHash));
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));

        // handed in again: refused, nothing appended
        release(receipt, releaseEvent(app, contentId, outputHash)).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("Conflict"));
        assertEquals(2, db.count("select count(*) from trace_entry where content_id = ?", contentId));
    }

    /** A receipt the labelling function did not sign, or one for another output, releases nothing. */
    @Test
    void aReceiptThatDoesNotHoldReleasesNothing() throws Throwable {
        Operator.TestApp app = Operator.createApp("fusion-forged");
        Db db = new Db(dataSource);
        HeldLabel held = heldLabel(app, "user-5");
        String contentId = held.contentId();
        String receipt = held.receipt();
        String outputHash = RequestSignature.sha256Hex(held.image());

        // the event inside changed (another subject), its signature kept
        int dot = receipt.indexOf('.');
        String event = new String(Base64.getUrlDecoder().decode(receipt.substring(0, dot)), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(event.replace("user-5", "user-6")
                .getBytes(StandardCharsets.UTF_8)) + receipt.substring(dot);
        String otherApp = Operator.createApp("fusion-forged-other").appId().toString();
        long entries = db.count("select count(*) from trace_entry");
        Map<String, Object> elsewhere = releaseEvent(app, contentId, outputHash);
        elsewhere.put("appId", otherApp);
        List<Map.Entry<String, Map<String, Object>>> refused = List.of(
                Map.entry(forged, releaseEvent(app, contentId, outputHash)),
                Map.entry(receipt.substring(0, dot + 1) + "AAAA", releaseEvent(app, contentId, outputHash)),
                Map.entry("not a receipt", releaseEvent(app, contentId, outputHash)),
                // a genuine receipt with another output's release
                Map.entry(receipt, releaseEvent(app, "ffc_AAAAAAAAAAA", outputHash)),
                Map.entry(receipt, releaseEvent(app, contentId, "0".repeat(64))),
                Map.entry(receipt, elsewhere));
        for (Map.Entry<String, Map<String, Object>> attempt : refused) {
            release(attempt.getKey(), attempt.getValue()).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("ValidationFailed"));
        }
        // oversized, or not JSON at all
        release("A".repeat(9000), releaseEvent(app, contentId, outputHash)).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("ValidationFailed"));
        RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType("application/json")
                .body("{\"receipt\": ").post("/internal/v1/trace-events/releases").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("MalformedJson"));
        // no receipt at all, or no service credential
        RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType("application/json")
                .body(Map.of("event", releaseEvent(app, contentId, outputHash)))
                .post("/internal/v1/trace-events/releases").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().contentType("application/json")
                .body(Map.of("receipt", receipt, "event", releaseEvent(app, contentId, outputHash)))
                .post("/internal/v1/trace-events/releases").then().statusCode(401).body("code", equalTo("ServiceCredentialRequired"));
        assertEquals(entries, db.count("select count(*) from trace_entry"), "nothing appended");
        // the genuine receipt still releases it
        release(receipt, releaseEvent(app, contentId, outputHash)).then().statusCode(201);
    }

    /** sample6 labelled for {@code app}'s {@code subjectId} as fusion labels an output: held. */
    private record HeldLabel(String contentId, String receipt, byte[] image) {
    }

    private HeldLabel heldLabel(Operator.TestApp app, String subjectId) throws Throwable {
        Response response = VertxContextSupport.subscribeAndAwait(() -> labelling.label(Photos.bytes("sample6"),
                "image/jpeg", app.appId(), subjectId, "bottom-right", "zh", true, null, null, true));
        assertEquals(200, response.getStatus());
        return new HeldLabel(response.getHeaderString(LabelResource.CONTENT_ID_HEADER),
                response.getHeaderString(LabelResource.LABEL_RECEIPT_HEADER), response.readEntity(byte[].class));
    }

    private static io.restassured.response.Response release(String receipt, Map<String, Object> event) {
        return RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN)
                .contentType("application/json").body(Map.of("receipt", receipt, "event", event))
                .post("/internal/v1/trace-events/releases");
    }

    private static Map<String, Object> releaseEvent(Operator.TestApp app, String contentId, String outputHash) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("actor", "app:" + app.appId());
        event.put("appId", app.appId().toString());
        event.put("subjectId", "user-4");
        event.put("operation", "fusion.create");
        event.put("outputHash", outputHash);
        event.put("contentId", contentId);
        event.put("outcome", "ok");
        return event;
    }

    @Test
    void onlyTheFunctionsMayCallIt() {
        RestAssured.given().contentType("image/jpeg").body(Photos.bytes("sample6"))
                .post("/internal/v1/labels?appId=00000000-0000-0000-0000-000000000001")
                .then().statusCode(401).body("code", equalTo("ServiceCredentialRequired"));
        // the same rules as the public route: subject ids are pseudonyms, corners are corners
        RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType("image/jpeg")
                .body(Photos.bytes("sample6"))
                .post("/internal/v1/labels?appId=00000000-0000-0000-0000-000000000001&subjectId=has%20space")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType("image/jpeg")
                .body(Photos.bytes("sample6"))
                .post("/internal/v1/labels?appId=00000000-0000-0000-0000-000000000001&corner=middle")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        for (String quality : new String[]{"0.2", "1.5", "NaN"}) {
            RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType("image/jpeg")
                    .body(Photos.bytes("sample6"))
                    .post("/internal/v1/labels?appId=00000000-0000-0000-0000-000000000001&quality=" + quality)
                    .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        }
    }
}
