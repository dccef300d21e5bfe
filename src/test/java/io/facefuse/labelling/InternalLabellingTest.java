package io.facefuse.labelling;

import io.facefuse.clients.LabellingClient;
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
import java.util.LinkedHashMap;
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
                        null, null));
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
                    "image/jpeg", app.appId(), "user-3", "bottom-right", "zh", true, quality, null));
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
