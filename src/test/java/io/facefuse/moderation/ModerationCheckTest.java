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

import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moderation checks through the Lambda path with signed requests: the app's public route, which the
 * fusion function forwards to the moderation function, on the real models and the sample photos.
 */
@QuarkusTest
class ModerationCheckTest {

    @Inject
    DataSource dataSource;

    Operator.TestApp app;
    Db db;

    @BeforeEach
    void app() {
        app = Operator.createApp("moderation-" + System.nanoTime());
        db = new Db(dataSource);
    }

    @Test
    void everySamplePhotoPassesAsATemplate() {
        for (int i = 1; i <= 6; i++) {
            Moderation.check(app, Photos.bytes("sample" + i), "image/jpeg", "template", null)
                    .then().statusCode(200)
                    .body("verdict", equalTo("pass"))
                    .body("reason", equalTo("Pass"))
                    .body("checks.name", hasItem("featureLibrary"))
                    .body("faces.size()", greaterThanOrEqualTo(2));
        }
        assertEquals(6, db.count("select count(*) from moderation_check where app_id = ?::uuid and verdict = 'pass'",
                app.appId().toString()));
    }

    @Test
    void samplePhotosWithAFrontalMainFacePassAsUserPhotos() {
        Moderation.consent(app, "alice");
        for (String name : new String[]{"sample1", "sample3", "sample4", "sample5", "sample6"}) {
            Moderation.check(app, Photos.bytes(name), "image/jpeg", "user_photo", "alice")
                    .then().statusCode(200).body("verdict", equalTo("pass"))
                    .body("faces[0].usable", equalTo(true))
                    .body("faces[0].yaw", notNullValue());
        }
    }

    /** A phone's photo stored on its side, with the EXIF orientation that says so, is checked upright. */
    @Test
    void aPhonePhotoStoredOnItsSideIsCheckedUpright() {
        Moderation.consent(app, "alice");
        byte[] upright = Photos.bytes("sample3");
        byte[] phonePhoto = ImageEdits.jpegStoredOnItsSide(ImageEdits.read(upright), 0.92f);
        io.restassured.path.json.JsonPath uprightCheck = Moderation.check(app, upright, "image/jpeg", "user_photo", "alice")
                .then().statusCode(200).extract().jsonPath();
        int x = uprightCheck.getInt("faces[0].x");
        int y = uprightCheck.getInt("faces[0].y");
        Moderation.check(app, phonePhoto, "image/jpeg", "user_photo", "alice")
                .then().statusCode(200).body("verdict", equalTo("pass"))
                .body("faces[0].usable", equalTo(true))
                .body("faces[0].x", both(greaterThan(x - 8)).and(lessThan(x + 8)))
                .body("faces[0].y", both(greaterThan(y - 8)).and(lessThan(y + 8)));
    }

    /**
     * The fusion function is told the landmarks moderation measured the user's face with (it fuses
     * that face without finding them again); apps are not, and the stored check keeps none.
     */
    @Test
    void theLandmarksGoToTheFusionFunctionOnly() {
        Moderation.consent(app, "alice");
        io.restassured.path.json.JsonPath internal = Moderation.internalCheck(app.appId(), Photos.bytes("sample3"),
                        "image/jpeg", "role=user_photo&subjectId=alice")
                .then().statusCode(200).body("verdict", equalTo("pass")).extract().jsonPath();
        FaceReport face = internal.getObject("faces[0]", FaceReport.class);
        double[] points = face.landmarkPoints();
        assertEquals(468 * 3, points.length);
        // every point of the face mesh lies in the face's box, grown by a fifth
        double grow = face.width() / 5.0;
        for (int i = 0; i < points.length; i += 3) {
            assertTrue(points[i] > face.x() - grow && points[i] < face.x() + face.width() + grow
                    && points[i + 1] > face.y() - grow && points[i + 1] < face.y() + face.height() + grow,
                    "point " + i / 3 + " at " + points[i] + "," + points[i + 1]);
        }
        Moderation.check(app, Photos.bytes("sample3"), "image/jpeg", "user_photo", "alice")
                .then().statusCode(200).body("faces[0].usable", equalTo(true)).body("faces[0]", not(hasKey("landmarks")));
        assertEquals(0, db.count("select count(*) from moderation_check where app_id = ?::uuid and result like '%landmarks%'",
                app.appId().toString()));
        assertEquals(2, db.count("select count(*) from moderation_check where app_id = ?::uuid", app.appId().toString()));
    }

    /**
     * A user in sunglasses is told so with the face (advice: the face stays usable and is fused with
     * them), a bare face is not, and an output's faces, which are not measured, say nothing.
     */
    @Test
    void sunglassesOverTheUsersEyesAreSaidWithTheFace() {
        Moderation.consent(app, "alice");
        BufferedImage inSunglasses = ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300);
        Moderation.check(app, ImageEdits.jpeg(inSunglasses, 0.95f), "image/jpeg", "user_photo", "alice")
                .then().statusCode(200).body("verdict", equalTo("pass"))
                .body("faces[0].usable", equalTo(true)).body("faces[0].sunglasses", equalTo(true));
        Moderation.check(app, Photos.bytes("sample3"), "image/jpeg", "user_photo", "alice")
                .then().statusCode(200).body("faces[0].usable", equalTo(true)).body("faces[0].sunglasses", equalTo(false));
        Moderation.internalCheck(app.appId(), Photos.bytes("sample3"), "image/jpeg", "role=output")
                .then().statusCode(200).body("faces[0]", not(hasKey("sunglasses")));
        assertEquals(1, db.count("select count(*) from moderation_check where app_id = ?::uuid and role = 'user_photo' "
                + "and result like '%\"sunglasses\":true%'", app.appId().toString()));
    }

    @Test
    void aPhotoWithoutAFaceIsNoFaceDetected() {
        blockedAs(ImageEdits.noFaceJpeg(), "template", "NoFaceDetected");
    }

    @Test
    void aTinyFaceIsFaceTooSmall() {
        // sample1 at a tenth: its faces are about 20 px wide, under the 34-px minimum
        BufferedImage tiny = ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample1")), 0.1);
        blockedAs(ImageEdits.png(tiny), "template", "FaceTooSmall");
    }

    @Test
    void moreFacesThanThePolicyAllowsIsTooManyFaces() {
        // four sample photos side by side: 16 faces, over the default of 6
        BufferedImage crowd = ImageEdits.besideEachOther(
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample4")), 0.5),
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample5")), 0.5),
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample6")), 0.5));
        blockedAs(ImageEdits.jpeg(crowd, 0.9f), "template", "TooManyFaces");
        // and the app's own policy decides where "many" starts: sample5 has five
        Moderation.policy(app.appId(), "maxFaces: 4");
        blockedAs(Photos.bytes("sample5"), "template", "TooManyFaces");
    }

    @Test
    void aTurnedFaceIsFaceAngleTooLarge() {
        // sample2's largest face is turned about 50 degrees away
        Moderation.consent(app, "bob");
        Moderation.check(app, Photos.bytes("sample2"), "image/jpeg", "user_photo", "bob")
                .then().statusCode(200).body("verdict", equalTo("block")).body("reason", equalTo("FaceAngleTooLarge"));
    }

    @Test
    void aBlurredFaceIsFaceTooBlurry() {
        Moderation.consent(app, "carol");
        BufferedImage blurred = ImageEdits.blurred(ImageEdits.read(Photos.bytes("sample6")), 8);
        Moderation.check(app, ImageEdits.jpeg(blurred, 0.9f), "image/jpeg", "user_photo", "carol")
                .then().statusCode(200).body("verdict", equalTo("block")).body("reason", equalTo("FaceTooBlurry"));
    }

    @Test
    void aWebpPhotoIsRead() {
        Moderation.check(app, Photos.resource("/photos/sample1.webp"), "image/webp", "template", null)
                .then().statusCode(200).body("verdict", equalTo("pass"));
    }

    @Test
    void aLikelyMinorFollowsTheAppsPolicy() {
        // GEAR rates sample3's largest face under 20 with p ~ 0.6; a policy that draws the line
        // lower treats it as a likely minor
        Moderation.policy(app.appId(), "reviewFrom: 40, blockFrom: 50");
        blockedAs(Photos.bytes("sample3"), "template", "LikelyMinor");

        Moderation.policy(app.appId(), "reviewFrom: 40, blockFrom: 50, minorAction: \"require_guardian_consent\"");
        blockedAs(Photos.bytes("sample3"), "template", "GuardianConsentRequired");
        // the fusion function passes the consent record's guardian flag on
        Moderation.internalCheck(app.appId(), Photos.bytes("sample3"), "image/jpeg", "role=template&guardianConsent=true")
                .then().statusCode(200)
                .body("checks.find { it.name == 'minor' }.reason", equalTo("GuardianConsentGiven"));
    }

    @Test
    void aReviewVerdictBecomesATaskForPeople() {
        Moderation.policy(app.appId(), "reviewFrom: 0, blockFrom: 100");
        Response response = Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "template", null);
        response.then().statusCode(200).body("verdict", equalTo("review")).body("reviewTaskId", notNullValue());
        String task = response.path("reviewTaskId");
        Operator.given().get("/v1/ops/moderation/reviews/" + task).then().statusCode(200)
                .body("status", equalTo("open")).body("mediaAvailable", equalTo(true)).body("role", equalTo("template"));
        byte[] media = Operator.given().get("/v1/ops/moderation/reviews/" + task + "/media")
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertEquals(Photos.bytes("sample1").length, media.length);
    }

    @Test
    void theAppReadsItsPolicy() {
        app.signer().request("GET", "/v1/app/moderation-policy", "").get("/v1/app/moderation-policy").then().statusCode(200)
                .body("reviewFrom", equalTo(70)).body("blockFrom", equalTo(80)).body("minFacePixels", equalTo(34))
                .body("minorAge", equalTo(18)).body("minorAction", equalTo("block"));
        Moderation.policy(app.appId(), "maxFaces: 2, minorAction: \"require_guardian_consent\"");
        app.signer().request("GET", "/v1/app/moderation-policy", "").get("/v1/app/moderation-policy").then().statusCode(200)
                .body("maxFaces", equalTo(2)).body("minorAction", equalTo("require_guardian_consent"));
    }

    @Test
    void aPolicyOutsideItsBoundsIsRefused() {
        String before = db.snapshot();
        for (String bad : new String[]{
                "{\"reviewFrom\":80,\"blockFrom\":70,\"minFacePixels\":34,\"maxFaces\":6,\"maxYaw\":45,\"maxPitch\":40,\"minSharpness\":20,\"minorAge\":18,\"minorAction\":\"block\"}",
                "{\"reviewFrom\":70,\"blockFrom\":80,\"minFacePixels\":34,\"maxFaces\":6,\"maxYaw\":45,\"maxPitch\":40,\"minSharpness\":20,\"minorAge\":25,\"minorAction\":\"block\"}",
                "{\"reviewFrom\":70,\"blockFrom\":80,\"minFacePixels\":34,\"maxFaces\":6,\"maxYaw\":45,\"maxPitch\":40,\"minSharpness\":20,\"minorAge\":18,\"minorAction\":\"ignore\"}"}) {
            Operator.given().contentType("application/json").body(bad).put("/v1/ops/moderation/policies/" + app.appId())
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(before, db.snapshot());
    }

    @Test
    void aUserPhotoNeedsConsentAndASubject() {
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "user_photo", "nobody")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("ConsentMissing"));
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "user_photo", null)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "output", null)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "poster", null)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
    }

    private void blockedAs(byte[] image, String role, String reason) {
        Moderation.check(app, image, image[0] == (byte) 0x89 ? "image/png" : "image/jpeg", role, null)
                .then().statusCode(200).body("verdict", equalTo("block")).body("reason", equalTo(reason))
                .body("score", greaterThanOrEqualTo(50));
    }
}
