package io.facefuse.moderation;

import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The feature library: a face enrolled once is blocked when it comes back edited or in other
 * photos of the same person, other people are not; image entries find near-copies; entries are
 * audited and retired, never deleted. Each test retires what it added, so the others see a clean
 * library.
 */
@QuarkusTest
class FeatureLibraryTest {

    @Inject
    DataSource dataSource;

    Operator.TestApp app;

    @BeforeEach
    void app() {
        app = Operator.createApp("library-" + System.nanoTime());
        Moderation.consent(app, "someone");
    }

    @Test
    void anEnrolledFaceIsBlockedEditedAndInOtherPhotosAndOthersAreNot() {
        BufferedImage enrolled = ImageEdits.onCanvas(ImageEdits.resource("/photos/person-a/enrolled.png"), 400);
        String entry = Operator.given().contentType("image/png").body(ImageEdits.png(enrolled))
                .post("/v1/ops/feature-library/faces?category=banned_person&label=person-a&reason=court-order-42")
                .then().statusCode(200).body("kind", equalTo("face")).body("category", equalTo("banned_person"))
                .body("addedBy", equalTo("operator:tester")).body("reason", equalTo("court-order-42"))
                .extract().path("id");
        try {
            Map<String, byte[]> same = new LinkedHashMap<>();
            same.put("re-encoded at quality 50", ImageEdits.jpeg(enrolled, 0.5f));
            same.put("scaled to 60%", ImageEdits.png(ImageEdits.scaled(enrolled, 0.6)));
            same.put("cropped", ImageEdits.png(ImageEdits.cropped(enrolled, 60, 50, 300, 320)));
            same.put("mirrored", ImageEdits.png(ImageEdits.mirrored(enrolled)));
            for (int other : new int[]{1, 2, 3, 5, 8}) {
                same.put("other photo " + other, ImageEdits.png(ImageEdits.onCanvas(
                        ImageEdits.resource("/photos/person-a/other-" + other + ".png"), 300)));
            }
            same.forEach((what, image) -> {
                Response checked = Moderation.check(app, image, "image/png", "user_photo", "someone");
                checked.then().statusCode(200);
                assertEquals("FeatureLibraryMatch", checked.path("reason"), what);
                assertEquals("block", checked.path("verdict"), what);
                assertEquals(entry, checked.path("matches[0].entryId"), what);
                assertEquals("banned_person", checked.path("matches[0].category"), what);
            });

            // 21 other people, as templates so that every face is looked up
            for (int i = 1; i <= 6; i++) {
                Moderation.check(app, Photos.bytes("sample" + i), "image/jpeg", "template", null)
                        .then().statusCode(200)
                        .body("checks.find { it.name == 'featureLibrary' }.verdict", equalTo("pass"));
            }
        } finally {
            retire(entry);
        }
        // retired: the same face passes the library again
        Moderation.check(app, ImageEdits.png(enrolled), "image/png", "user_photo", "someone").then().statusCode(200)
                .body("checks.find { it.name == 'featureLibrary' }.verdict", equalTo("pass"));
    }

    @Test
    void anEnrolledImageIsFoundScaledReencodedAndMirrored() {
        BufferedImage known = ImageEdits.read(Photos.bytes("sample4"));
        String entry = Operator.given().contentType("image/jpeg").body(Photos.bytes("sample4"))
                .post("/v1/ops/feature-library/images?category=illegal_content&label=case-7&reason=reported+twice")
                .then().statusCode(200).body("kind", equalTo("image")).extract().path("id");
        try {
            for (byte[] copy : new byte[][]{ImageEdits.jpeg(ImageEdits.scaled(known, 0.5), 0.6f),
                    ImageEdits.jpeg(ImageEdits.mirrored(known), 0.8f), Photos.bytes("sample4")}) {
                Moderation.check(app, copy, "image/jpeg", "template", null).then().statusCode(200)
                        .body("verdict", equalTo("block")).body("reason", equalTo("FeatureLibraryMatch"))
                        .body("matches.kind", hasItem("image"));
            }
            for (String other : new String[]{"sample1", "sample2", "sample3", "sample5", "sample6"}) {
                Moderation.check(app, Photos.bytes(other), "image/jpeg", "template", null).then().statusCode(200)
                        .body("reason", not(equalTo("FeatureLibraryMatch")));
            }
        } finally {
            retire(entry);
        }
    }

    @Test
    void entriesAreListedAuditedAndRetiredNotDeleted() {
        String entry = Operator.given().contentType("image/jpeg").body(Photos.bytes("sample2"))
                .post("/v1/ops/feature-library/images?category=harmful_content&label=meme&reason=ticket+9&threshold=6")
                .then().statusCode(200).body("threshold", equalTo(6.0f)).extract().path("id");
        Operator.given().get("/v1/ops/feature-library?category=harmful_content").then().statusCode(200)
                .body("id", hasItem(entry));
        retire(entry);
        Operator.given().get("/v1/ops/feature-library?category=harmful_content").then().statusCode(200)
                .body("id", not(hasItem(entry)));
        Response all = Operator.given().get("/v1/ops/feature-library?includeRetired=true");
        all.then().statusCode(200).body("find { it.id == '" + entry + "' }.retiredBy", equalTo("operator:tester"))
                .body("find { it.id == '" + entry + "' }.retireReason", equalTo("test done"));
        // the listing never carries the embedding or the hash
        assertNull(all.path("find { it.id == '" + entry + "' }.phash"));
        assertEquals(1, new Db(dataSource).count("select count(*) from trace_entry where operation = 'feature.retire' "
                + "and detail like ?", "entry " + entry + "%"));
    }

    @Test
    void badEnrolmentsChangeNothing() {
        Db db = new Db(dataSource);
        String before = db.snapshot();
        Operator.given().contentType("image/jpeg").body(ImageEdits.noFaceJpeg())
                .post("/v1/ops/feature-library/faces?category=banned_person&label=x&reason=y")
                .then().statusCode(422).body("code", equalTo("NoFaceInImage"));
        // unknown category, missing reason, damaged image, no operator token
        Operator.given().contentType("image/jpeg").body(Photos.bytes("sample1"))
                .post("/v1/ops/feature-library/faces?category=celebrity&label=x&reason=y")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Operator.given().contentType("image/jpeg").body(Photos.bytes("sample1"))
                .post("/v1/ops/feature-library/faces?category=banned_person&label=x")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Operator.given().contentType("image/jpeg").body(java.util.Arrays.copyOf(Photos.bytes("sample1"), 300))
                .post("/v1/ops/feature-library/faces?category=banned_person&label=x&reason=y")
                .then().statusCode(400).body("code", equalTo("ImageDecodeFailed"));
        io.restassured.RestAssured.given().contentType("image/jpeg").body(Photos.bytes("sample1"))
                .post("/v1/ops/feature-library/faces?category=banned_person&label=x&reason=y")
                .then().statusCode(401).body("code", equalTo("OperatorCredentialRequired"));
        Operator.given().contentType("application/json").body("{\"reason\":\"x\"}")
                .post("/v1/ops/feature-library/00000000-0000-0000-0000-000000000000/retirement")
                .then().statusCode(404).body("code", equalTo("FeatureEntryNotFound"));
        assertEquals(before, db.snapshot());
    }

    private static void retire(String entry) {
        Operator.given().contentType("application/json").body("{\"reason\":\"test done\"}")
                .post("/v1/ops/feature-library/" + entry + "/retirement").then().statusCode(200);
    }
}
