package io.facefuse.templates;

import io.facefuse.models.RgbImage;
import io.facefuse.moderation.FaceReport;
import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.facefuse.support.TestMedia;
import io.facefuse.vision.FaceMesh;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Templates through the signed Lambda path: moderated on upload, analysed once, kept in the media
 * store, decided by people when moderation asks them, deleted with their image.
 */
@QuarkusTest
class TemplatesTest {

    private static final Path MEDIA = TestMedia.ROOT;

    @Inject
    DataSource dataSource;
    @Inject
    TemplateAnalyzer analyzer;

    Operator.TestApp app;
    Db db;

    @BeforeEach
    void app() {
        app = Operator.createApp("templates-" + System.nanoTime());
        db = new Db(dataSource);
    }

    @Test
    void aCleanTemplateIsApprovedWithItsFacesAnalysed() throws Exception {
        Response uploaded = upload(Photos.bytes("sample1"), "image/jpeg", "name=poster&faceDegree=70");
        uploaded.then().statusCode(201).body("status", equalTo("approved")).body("name", equalTo("poster"))
                .body("faceDegree", equalTo(70)).body("profileDegree", equalTo(50))
                .body("width", equalTo(1920)).body("height", equalTo(1280))
                .body("faces.size()", equalTo(3)).body("faces[0].id", equalTo(0)).body("faces[0].usable", equalTo(true));
        String id = uploaded.path("id");
        int largest = uploaded.path("faces[0].width");
        assertTrue(largest >= (int) uploaded.path("faces[1].width"), "faces come largest first");
        get("/v1/templates/" + id).then().statusCode(200).body("faces.size()", equalTo(3));
        get("/v1/templates").then().statusCode(200).body("id", hasItem(id));
        // the image is in the media store, the landmarks and skin colour in the database
        Path stored = MEDIA.resolve("templates/" + app.appId() + "/" + id);
        assertArrayEquals(Photos.bytes("sample1"), Files.readAllBytes(stored));
        assertEquals(3, db.count("select count(*) from template_face where template_id = ?::uuid and usable "
                + "and length(landmarks) = 468 * 3 * 4 and mean_l > 20 and not hands_in_front and not glasses_in_front", id));
        uploaded.then().body("faces.handsInFront", everyItem(equalTo(false)))
                .body("faces.glassesInFront", everyItem(equalTo(false)));
    }

    /** A hand in front of a face is found at upload and said with the face (fusion keeps it in front). */
    @Test
    void aHandInFrontOfATemplateFaceIsFoundAtUpload() {
        Response uploaded = upload(ImageEdits.jpeg(ImageEdits.handOverFace(), 0.95f), "image/jpeg", "name=hand");
        uploaded.then().statusCode(201).body("status", equalTo("approved"))
                .body("faces[0].handsInFront", equalTo(true))
                .body("faces.findAll { it.id > 0 }.handsInFront", everyItem(equalTo(false)));
        assertEquals(1, db.count("select count(*) from template_face where template_id = ?::uuid and hands_in_front",
                (String) uploaded.path("id")));
    }

    /** Sunglasses on a face are found at upload and said with the face (fusion keeps them in front). */
    @Test
    void sunglassesOnATemplateFaceAreFoundAtUpload() {
        BufferedImage photo = ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300);
        Response uploaded = upload(ImageEdits.jpeg(photo, 0.95f), "image/jpeg", "name=sunglasses");
        uploaded.then().statusCode(201).body("status", equalTo("approved"))
                .body("faces.size()", equalTo(1))
                .body("faces[0].glassesInFront", equalTo(true))
                .body("faces[0].handsInFront", equalTo(false));
        assertEquals(1, db.count("select count(*) from template_face where template_id = ?::uuid and glasses_in_front",
                (String) uploaded.path("id")));
    }

    /**
     * A template's faces are analysed alike with the landmarks moderation passes on and with an answer
     * that has none (a moderation function of another version): the analysis then finds them itself.
     */
    @Test
    void facesAreAnalysedAlikeWithTheLandmarksModerationGaveOrWithout() throws Exception {
        List<FaceReport> given = Moderation.internalCheck(app.appId(), Photos.bytes("sample6"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().jsonPath().getList("faces", FaceReport.class);
        assertTrue(given.stream().filter(FaceReport::usable).allMatch(f -> f.landmarkPoints() != null),
                "moderation says each usable face's landmarks");
        RgbImage photo = RgbImage.decode(Photos.bytes("sample6"));
        List<TemplateFace> withGiven = analyzer.faces(null, photo, given);
        List<TemplateFace> foundAgain = analyzer.faces(null, photo, given.stream().map(FaceReport::withoutLandmarks).toList());
        assertEquals(4, withGiven.size());
        for (int i = 0; i < withGiven.size(); i++) {
            double[] a = FaceMesh.unpacked(withGiven.get(i).landmarks);
            double[] b = FaceMesh.unpacked(foundAgain.get(i).landmarks);
            assertEquals(468 * 3, a.length);
            double largest = 0;
            for (int k = 0; k < a.length; k++) {
                if (k % 3 != 2) { // x and y; z is FaceMesh's relative depth
                    largest = Math.max(largest, Math.abs(a[k] - b[k]));
                }
            }
            // the boxes differ by their rounding to whole pixels only
            assertTrue(largest < 1.5, "face " + i + ": landmarks " + largest + " px apart");
            assertEquals(withGiven.get(i).meanL, foundAgain.get(i).meanL, 0.5, "face " + i + " skin lightness");
            assertEquals(withGiven.get(i).glassesInFront, foundAgain.get(i).glassesInFront);
        }
    }

    @Test
    void aTemplateModerationBlocksIsRejectedWithTheReasonAndNotKept() {
        byte[] noFace = ImageEdits.noFaceJpeg();
        Response uploaded = upload(noFace, "image/jpeg", "name=table");
        uploaded.then().statusCode(201).body("status", equalTo("rejected")).body("reason", equalTo("NoFaceDetected"))
                .body("faces.size()", equalTo(0));
        assertFalse(Files.exists(MEDIA.resolve("templates/" + app.appId() + "/" + uploaded.path("id"))));
    }

    @Test
    void peopleDecideATemplateModerationSentToReview() {
        Moderation.policy(app.appId(), "reviewFrom: 0, blockFrom: 100");
        Response approved = upload(Photos.bytes("sample6"), "image/jpeg", "name=maybe-a");
        approved.then().statusCode(201).body("status", equalTo("pending")).body("decidedAt", nullValue());
        decide(approved.path("id"), "pass");
        get("/v1/templates/" + approved.path("id")).then().body("status", equalTo("approved"))
                .body("decidedAt", notNullValue()).body("faces.size()", equalTo(4));

        Response rejected = upload(Photos.bytes("sample3"), "image/jpeg", "name=maybe-b");
        rejected.then().statusCode(201).body("status", equalTo("pending"));
        decide(rejected.path("id"), "block");
        get("/v1/templates/" + rejected.path("id")).then().body("status", equalTo("rejected"))
                .body("reason", equalTo("blocked in review: not for us")).body("faces.size()", equalTo(0));
        assertFalse(Files.exists(MEDIA.resolve("templates/" + app.appId() + "/" + rejected.path("id"))));
    }

    @Test
    void aDeletedTemplateLeavesNothingAndOtherAppsNeverSeeIt() {
        String id = upload(Photos.bytes("sample5"), "image/jpeg", "name=gone").then().statusCode(201).extract().path("id");
        Operator.TestApp other = Operator.createApp("other-" + System.nanoTime());
        other.signer().request("GET", "/v1/templates/" + id, "").get("/v1/templates/" + id)
                .then().statusCode(404).body("code", equalTo("TemplateNotFound"));
        other.signer().request("DELETE", "/v1/templates/" + id, "").delete("/v1/templates/" + id).then().statusCode(404);

        app.signer().request("DELETE", "/v1/templates/" + id, "").delete("/v1/templates/" + id).then().statusCode(204);
        get("/v1/templates/" + id).then().statusCode(404).body("code", equalTo("TemplateNotFound"));
        get("/v1/templates").then().body("id", not(hasItem(id)));
        assertEquals(0, db.count("select count(*) from template_face where template_id = ?::uuid", id));
        assertFalse(Files.exists(MEDIA.resolve("templates/" + app.appId() + "/" + id)));
    }

    @Test
    void anAppKeepsAtMostItsLimitOfTemplates() {
        for (int i = 0; i < 4; i++) {
            upload(Photos.bytes("sample1"), "image/jpeg", "name=t" + i).then().statusCode(201);
        }
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        long templates = db.count("select count(*) from template");
        upload(Photos.bytes("sample1"), "image/jpeg", "name=one-too-many").then().statusCode(409)
                .body("code", equalTo("TemplateLimitReached"));
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
        assertEquals(templates, db.count("select count(*) from template"));
    }

    @Test
    void badUploadsChangeNothing() throws Exception {
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        long templates = db.count("select count(*) from template");
        long files = TestMedia.files("");
        upload(Photos.bytes("sample1"), "image/jpeg", "").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        upload(Photos.bytes("sample1"), "image/jpeg", "name=x&faceDegree=150").then().statusCode(400)
                .body("code", equalTo("ValidationFailed"));
        upload("not an image".getBytes(), "image/jpeg", "name=x").then().statusCode(415)
                .body("code", equalTo("UnsupportedImageFormat"));
        upload(Arrays.copyOf(Photos.bytes("sample1"), 400), "image/jpeg", "name=x").then().statusCode(400)
                .body("code", equalTo("ImageDecodeFailed"));
        upload(Photos.bytes("sample1"), "text/plain", "name=x").then().statusCode(415);
        io.restassured.RestAssured.given().contentType("image/jpeg").body(Photos.bytes("sample1"))
                .post("/v1/templates?name=x").then().statusCode(401).body("code", equalTo("SignatureMissing"));
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
        assertEquals(templates, db.count("select count(*) from template"));
        assertEquals(files, TestMedia.files(""));
    }

    private Response upload(byte[] image, String type, String query) {
        String path = "/v1/templates" + (query.isEmpty() ? "" : "?" + query);
        return app.signer().request("POST", path, image, type).post(path);
    }

    private Response get(String path) {
        return app.signer().request("GET", path, "").get(path);
    }

    private void decide(String templateId, String decision) {
        String task = Operator.given().get("/v1/ops/moderation/reviews").then().statusCode(200)
                .extract().path("find { it.templateId == '" + templateId + "' }.id");
        Operator.given().post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(200);
        Operator.given().contentType("application/json").body("{\"decision\":\"" + decision + "\",\"note\":\"not for us\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(200);
    }
}
