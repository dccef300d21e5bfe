package io.facefuse.fusion;

import io.facefuse.labelling.AigcRecord;
import io.facefuse.labelling.LabelResource;
import io.facefuse.labelling.MetadataLabel;
import io.facefuse.labelling.VisibleLabel;
import io.facefuse.support.Db;
import io.facefuse.support.ImageDifference;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.facefuse.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/fusion} through the Lambda path with signed requests: the whole compliant
 * pipeline on real photos, the options, and every refusal leaving nothing behind.
 */
@QuarkusTest
class FusionApiTest {

    @Inject
    DataSource dataSource;

    Operator.TestApp app;
    Db db;
    String template;

    @BeforeEach
    void setUp() {
        app = Operator.createApp("fusion-" + System.nanoTime());
        db = new Db(dataSource);
        Moderation.consent(app, "alice");
        template = upload(Photos.bytes("sample6"));
    }

    @Test
    void aFusionIsModeratedLabelledTracedAndMetered() throws Exception {
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}]}""".formatted(template, base64("sample1")));
        fused.then().statusCode(200).body("contentId", startsWith("ffc_")).body("mediaType", equalTo("image/jpeg"))
                .body("faces[0].templateFaceId", equalTo(0)).body("faceDegree", equalTo(80))
                .body("profileDegree", equalTo(50)).body("resultUrl", nullValue());
        String contentId = fused.path("contentId");
        byte[] image = Base64.getDecoder().decode(fused.<String>path("image"));
        BufferedImage decoded = ImageEdits.read(image);
        assertEquals(1920, decoded.getWidth());
        AigcRecord record = MetadataLabel.read(image);
        assertEquals(contentId, record.produceId());
        assertNotNull(VisibleLabel.find(decoded), "the visible label is drawn");
        assertEquals(3, ImageEdits.luminanceDcStep(image), "no quality asked: 0.92");
        String fusionId = fused.path("fusionId");
        assertEquals(1, db.count("select count(*) from usage_record where fusion_id = ?::uuid and units = 1 "
                + "and service = 'image_fusion'", fusionId));
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'fusion.create' and outcome = 'ok' "
                + "and content_id = ? and subject_id = 'alice'", contentId));
        // the label's entry, held while the output was checked, goes in with the fusion's
        assertEquals("label.apply,fusion.create", db.string("select string_agg(operation, ',' order by seq) "
                + "from trace_entry where content_id = ?", contentId));
        assertEquals(1, db.count("select max(seq) - min(seq) from trace_entry where content_id = ?", contentId));
        assertEquals(0, db.count("select count(*) from pending_trace_event where event like ?", "%" + contentId + "%"),
                "the release kept with the result is gone once traced");
        // the user photo and the output were both moderated
        assertEquals(2, db.count("select count(*) from moderation_check where app_id = ?::uuid and subject_id = 'alice' "
                + "and role in ('user_photo', 'output')", app.appId().toString()));
    }

    /**
     * The labels re-encode the output: at the quality the request asked for (until 2026-11-26 always
     * at the labelling function's 0.92, so a request for a small file got the default's size).
     */
    @Test
    void theOutputIsEncodedAtTheQualityAsked() throws Exception {
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"output":{"format":"jpeg","quality":0.5}}"""
                .formatted(template, base64("sample1")));
        fused.then().statusCode(200).body("mediaType", equalTo("image/jpeg"));
        byte[] image = Base64.getDecoder().decode(fused.<String>path("image"));
        assertEquals(16, ImageEdits.luminanceDcStep(image), "libjpeg's quality 50 keeps the standard table's 16");
        assertEquals(fused.<String>path("contentId"), MetadataLabel.read(image).produceId());
    }

    /**
     * A user photo in any format moderation reads is fused: a WebP, and a PNG with an alpha channel
     * (its transparent margin) as phones' editors write them.
     */
    @Test
    void aWebpOrTransparentPngUserPhotoIsFused() {
        BufferedImage photo = ImageEdits.read(Photos.bytes("sample1"));
        BufferedImage withAlpha = new BufferedImage(photo.getWidth() + 200, photo.getHeight(), BufferedImage.TYPE_INT_ARGB);
        withAlpha.getGraphics().drawImage(photo, 100, 0, null);
        for (byte[] user : new byte[][]{Photos.resource("/photos/sample1.webp"), ImageEdits.png(withAlpha)}) {
            Response fused = fuse("""
                    {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}]}"""
                    .formatted(template, Base64.getEncoder().encodeToString(user)));
            fused.then().statusCode(200).body("mediaType", equalTo("image/jpeg")).body("faces[0].templateFaceId", equalTo(0));
        }
    }

    /**
     * A phone's photo stored on its side, its EXIF orientation saying so, is fused as it is seen:
     * moderation measures the face upright and the fusion function warps the same upright pixels, so
     * the output is the one the upright photo gives (JPEG and watermark aside), not a face cut sideways.
     */
    @Test
    void aPhotoStoredOnItsSideIsFusedAsItIsSeen() {
        byte[] upright = Photos.bytes("sample1");
        byte[] sideways = ImageEdits.jpegStoredOnItsSide(ImageEdits.read(upright), 0.95f);
        BufferedImage[] outputs = new BufferedImage[2];
        byte[][] photos = {upright, sideways};
        for (int i = 0; i < 2; i++) {
            Response fused = fuse("""
                    {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"faceDegree":100}"""
                    .formatted(template, Base64.getEncoder().encodeToString(photos[i])));
            fused.then().statusCode(200);
            outputs[i] = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
        }
        double alike = faceDifference(outputs[0], outputs[1], 0);
        double fused = faceDifference(ImageEdits.read(Photos.bytes("sample6")), outputs[0], 0);
        assertTrue(alike < fused / 4, "the two outputs differ by " + alike + " where the fusion changed " + fused);
    }

    /**
     * {@code alpha} morphs the whole face from the template's (0) to the user's (1), shape and
     * features together, as a morph sequence's frames would, and overrides the degrees; the answer
     * says so.
     */
    @Test
    void alphaMorphsFromTheTemplateToTheUser() {
        BufferedImage original = ImageEdits.read(Photos.bytes("sample6"));
        Map<String, Double> change = new LinkedHashMap<>();
        for (String alpha : new String[]{"0", "0.5", "1"}) {
            Response fused = fuse("""
                    {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"alpha":%s,"faceDegree":10,
                     "output":{"format":"jpeg","quality":0.95}}""".formatted(template, base64("sample1"), alpha));
            fused.then().statusCode(200).body("alpha", equalTo(Float.parseFloat(alpha)))
                    .body("faceDegree", equalTo(Math.round(Float.parseFloat(alpha) * 100)))
                    .body("profileDegree", equalTo(Math.round(Float.parseFloat(alpha) * 100)));
            BufferedImage out = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
            change.put(alpha, faceDifference(original, out, fused.path("faces[0].templateFaceId")));
        }
        assertTrue(change.get("0") < 4, "at 0 the template's own face stays: " + change);
        assertTrue(change.get("0.5") > change.get("0") + 4, "halfway: " + change);
        assertTrue(change.get("1") > change.get("0.5") + 4, "and the user's at 1: " + change);
        fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"AA=="}],"alpha":1.5}""".formatted(template))
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
    }

    /**
     * The label options reach the output: the visible label in the corner and language asked for;
     * for an app an operator exempted, none at all, the metadata and the watermark still there.
     */
    @Test
    void theLabelOptionsReachTheOutput() throws Exception {
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"label":{"corner":"top-left","language":"en"}}"""
                .formatted(template, base64("sample1")));
        fused.then().statusCode(200);
        VisibleLabel.Found found = VisibleLabel.find(ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image"))));
        assertNotNull(found, "a visible label");
        assertEquals(VisibleLabel.Corner.TOP_LEFT, found.corner());
        assertEquals(VisibleLabel.Language.EN, found.language());

        Operator.given().contentType("application/json")
                .body("{\"visibleLabelOptional\":true,\"reason\":\"label shown by the app's own frame\"}")
                .post("/v1/ops/apps/" + app.appId() + "/label-exemption").then().statusCode(200);
        Response unlabelled = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"label":{"visible":false}}"""
                .formatted(template, base64("sample1")));
        unlabelled.then().statusCode(200);
        byte[] image = Base64.getDecoder().decode(unlabelled.<String>path("image"));
        assertEquals(unlabelled.<String>path("contentId"), MetadataLabel.read(image).produceId(), "the metadata stays");
        io.restassured.RestAssured.given().contentType("image/jpeg").body(image).post("/v1/labels/inspection")
                .then().statusCode(200).body("visibleLabel", nullValue()).body("watermarkPresent", equalTo(true))
                .body("contentId", equalTo(unlabelled.<String>path("contentId")));
    }

    @Test
    void theDegreesChangeTheFace() {
        BufferedImage original = ImageEdits.read(Photos.bytes("sample6"));
        Map<String, Double> change = new LinkedHashMap<>();
        for (String degrees : new String[]{"0,0", "50,50", "100,100"}) {
            String[] d = degrees.split(",");
            Response fused = fuse("""
                    {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"faceDegree":%s,"profileDegree":%s,
                     "output":{"format":"jpeg","quality":0.95}}""".formatted(template, base64("sample1"), d[0], d[1]));
            fused.then().statusCode(200).body("mediaType", equalTo("image/jpeg"));
            BufferedImage out = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
            change.put(degrees, faceDifference(original, out, fused.path("faces[0].templateFaceId")));
        }
        assertTrue(change.get("0,0") < 4, "at 0/0 the template's own face stays: " + change);
        assertTrue(change.get("50,50") > change.get("0,0") + 4, "more of the user at 50/50: " + change);
        assertTrue(change.get("100,100") > change.get("50,50") + 4, "and more at 100/100: " + change);
    }

    /**
     * A hand in front of the template's face stays in front of the fused face: around the pasted
     * hand's knuckles the labelled output is still the template (a mean difference of about 6 grey
     * levels, JPEG and watermark included; 11.5 with the user's face painted over the hand), while
     * the face around it is the user's.
     */
    @Test
    void aHandInFrontOfTheTemplatesFaceStaysInFront() {
        BufferedImage withHand = ImageEdits.handOverFace();
        BufferedImage out = fusedInto(withHand, "sample1");
        Rectangle patch = ImageEdits.HAND_PATCH;
        double hand = ImageDifference.mean(withHand, out, patch.x + 50, patch.y + 75, 50, 40);
        // the face beside the hand: the eyes, above the patch
        double face = ImageDifference.mean(withHand, out, patch.x - 20, patch.y - 90, 110, 60);
        assertTrue(hand < 8, "the hand is the template's: " + hand);
        assertTrue(face > 2 * hand, "the face around it is the user's: " + face + " against " + hand);
    }

    /**
     * Sunglasses on the template's face stay in front of the fused face: over the eyes of the face (at
     * 138,138 and 169,139 of this 300-pixel template) the labelled output is as dark as the
     * template's lenses (the face degree moves them a few pixels with the eyes: their mean, not each
     * pixel, is compared), while the mouth below is the user's.
     */
    @Test
    void sunglassesOnTheTemplatesFaceStayInFront() {
        BufferedImage withSunglasses = ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300);
        BufferedImage out = fusedInto(withSunglasses, "sample6");
        for (int[] eye : new int[][]{{134, 136}, {165, 137}}) {
            double template = meanGrey(withSunglasses, eye[0], eye[1], 8, 5);
            double output = meanGrey(out, eye[0], eye[1], 8, 5);
            assertTrue(Math.abs(output - template) < 15, "the lens at " + eye[0] + "," + eye[1] + " is the template's: grey "
                    + output + " against " + template);
        }
        double mouth = ImageDifference.mean(withSunglasses, out, 146, 161, 12, 8);
        assertTrue(mouth > 30, "the mouth is the user's: " + mouth);
    }

    /**
     * A user's sunglasses come along with their face (decided: they are part of their look), and the
     * answer says so, so the app can ask for a photo without them: the template face's box has more
     * near-black pixels (the lenses) than before. A bare face says no sunglasses ({@link #twoFacesMapAsAsked}).
     */
    @Test
    void aUserInSunglassesIsFusedWithThemAndTheAnswerSaysSo() {
        BufferedImage inSunglasses = ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300);
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s","templateFaceId":0}],
                 "faceDegree":100,"output":{"format":"jpeg","quality":0.95}}"""
                .formatted(template, Base64.getEncoder().encodeToString(ImageEdits.jpeg(inSunglasses, 0.95f))));
        fused.then().statusCode(200).body("faces[0].sunglasses", equalTo(true));
        BufferedImage out = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
        BufferedImage original = ImageEdits.read(Photos.bytes("sample6"));
        double before = darkShare(original, 0);
        double after = darkShare(out, 0);
        // 0.10 against the template's 0.07; 0.06 while the colour transfer made the lenses a see-through brown
        assertTrue(after > before + 0.02, "the lenses show: near-black " + after + " of the face's box against " + before);
    }

    /** The share of a template face's box that is near black (grey below 40). */
    private double darkShare(BufferedImage image, int faceId) {
        Rectangle box = faceBox(faceId);
        int dark = 0;
        for (int j = box.y; j < box.y + box.height; j++) {
            for (int i = box.x; i < box.x + box.width; i++) {
                int rgb = image.getRGB(i, j);
                dark += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 3 * 40 ? 1 : 0;
            }
        }
        return dark / (double) (box.width * box.height);
    }

    /**
     * {@code template} uploaded (JPEG, quality 0.95) and the sample photo {@code user} fused into its
     * largest face with all of the user's features and the template's outline; the labelled output.
     */
    private BufferedImage fusedInto(BufferedImage template, String user) {
        String id = upload(ImageEdits.jpeg(template, 0.95f));
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s","templateFaceId":0}],
                 "faceDegree":100,"profileDegree":0,"output":{"format":"jpeg","quality":0.95}}"""
                .formatted(id, base64(user)));
        fused.then().statusCode(200);
        return ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
    }

    private static double meanGrey(BufferedImage image, int x, int y, int w, int h) {
        double sum = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int rgb = image.getRGB(i, j);
                sum += (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3.0;
            }
        }
        return sum / (w * h);
    }

    /** Two items go to the faces they name; the template's other faces stay as they were, reshape or not. */
    @Test
    void twoFacesMapAsAsked() {
        Rectangle third = faceBox(2);
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[
                  {"image":"%s","templateFaceId":1},
                  {"image":"%s","templateFaceRect":{"x":%d,"y":%d,"width":%d,"height":%d}}],
                 "profileDegree":100,"output":{"format":"jpeg","quality":0.95}}"""
                .formatted(template, base64("sample1"), base64("sample4"), third.x, third.y, third.width, third.height));
        fused.then().statusCode(200)
                .body("faces[0].templateFaceId", equalTo(1)).body("faces[1].templateFaceId", equalTo(2))
                .body("faces[0].sunglasses", equalTo(false)).body("faces[1].sunglasses", equalTo(false));
        BufferedImage original = ImageEdits.read(Photos.bytes("sample6"));
        BufferedImage out = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
        for (int fusedFace : new int[]{1, 2}) {
            assertTrue(faceDifference(original, out, fusedFace) > 8, "face " + fusedFace + " is the user's");
        }
        for (int kept : new int[]{0, 3}) {
            assertTrue(faceDifference(original, out, kept) < 4, "face " + kept + " is left as it was: "
                    + faceDifference(original, out, kept));
        }
    }

    /**
     * An item's {@code faceRect} picks that face of the user's photo, not the largest: the answer's
     * {@code userFace} is the face asked for (sample1's second face; its first is the default).
     */
    @Test
    void aFaceRectPicksThatFaceOfTheUsersPhoto() {
        Response faces = Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "template", null);
        faces.then().statusCode(200).body("faces[1].usable", equalTo(true));
        int x = faces.path("faces[1].x");
        int y = faces.path("faces[1].y");
        int width = faces.path("faces[1].width");
        int height = faces.path("faces[1].height");
        Response fused = fuse(body(template, "alice", base64("sample1"), ",\"faceRect\":{\"x\":%d,\"y\":%d,\"width\":%d,\"height\":%d}"
                .formatted(x, y, width, height)));
        fused.then().statusCode(200);
        int chosenX = fused.path("faces[0].userFace.x");
        int chosenY = fused.path("faces[0].userFace.y");
        assertTrue(Math.abs(chosenX - x) < width / 4 && Math.abs(chosenY - y) < height / 4,
                "the face asked for at " + x + "," + y + ", fused from " + chosenX + "," + chosenY);
        int largestX = faces.path("faces[0].x");
        assertTrue(Math.abs(chosenX - largestX) > width, "not the largest face, at x " + largestX);
    }

    @Test
    void allPhotosAreCheckedAtOnceAndTheFirstRefusedItemIsNamed() {
        String noFace = Base64.getEncoder().encodeToString(ImageEdits.noFaceJpeg());
        String items = """
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s","templateFaceId":0},{"image":"%s","templateFaceId":1}]}""";
        String before = state();
        long checks = db.count("select count(*) from moderation_check where app_id = ?::uuid", app.appId().toString());
        // the first photo passes, the second has no face: refused for the second
        fuse(items.formatted(template, base64("sample1"), noFace)).then().statusCode(422)
                .body("code", equalTo("NoFaceDetected")).body("detail", startsWith("items[1].image"));
        // both refused, for different reasons: always the first item's, whichever check ends first
        for (int run = 0; run < 3; run++) {
            fuse(items.formatted(template, base64("sample2"), noFace)).then().statusCode(422)
                    .body("code", equalTo("FaceAngleTooLarge")).body("detail", startsWith("items[0].image"));
            fuse(items.formatted(template, noFace, base64("sample2"))).then().statusCode(422)
                    .body("code", equalTo("NoFaceDetected")).body("detail", startsWith("items[0].image"));
        }
        // every photo was checked, the ones after a refused photo too (one check record each)
        assertEquals(checks + 14, db.count("select count(*) from moderation_check where app_id = ?::uuid",
                app.appId().toString()));
        assertEquals(before, state(), "no result, usage record or stored media");
    }

    @Test
    void aPngTooLargeToAnswerInlineIsRefusedAndCanBeStored() {
        String json = """
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"output":{"format":"png"}%s}""";
        String before = state();
        fuse(json.formatted(template, base64("sample1"), "")).then().statusCode(422)
                .body("code", equalTo("ResultTooLargeForInline"));
        assertEquals(before, state());
        fuse(json.formatted(template, base64("sample1"), ",\"delivery\":\"stored\"")).then().statusCode(200)
                .body("mediaType", equalTo("image/png")).body("resultUrl", startsWith("/v1/fusion/results/"));
    }

    @Test
    void aStoredResultIsFetchedByItsAppOnly() throws Exception {
        Response fused = fuse("""
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],"delivery":"stored"}"""
                .formatted(template, base64("sample1")));
        fused.then().statusCode(200).body("image", nullValue()).body("expiresAt", notNullValue());
        String url = fused.path("resultUrl");
        byte[] image = app.signer().request("GET", url, "").get(url).then().statusCode(200).contentType("image/jpeg")
                .header(LabelResource.CONTENT_ID_HEADER, equalTo(fused.path("contentId"))).extract().asByteArray();
        assertEquals(fused.<String>path("contentId"), MetadataLabel.read(image).produceId());
        Operator.TestApp other = Operator.createApp("other-" + System.nanoTime());
        other.signer().request("GET", url, "").get(url).then().statusCode(404).body("code", equalTo("ResultNotFound"));
    }

    @Test
    void everyRefusalAnswersItsCodeLeavesNothingAndIsTraced() {
        Map<String, Object[]> refusals = new LinkedHashMap<>();
        String tiny = Base64.getEncoder().encodeToString(ImageEdits.png(ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample1")), 0.1)));
        String noFace = Base64.getEncoder().encodeToString(ImageEdits.noFaceJpeg());
        refusals.put("no consent", new Object[]{body(template, "bob", base64("sample1"), ""), 403, "ConsentMissing"});
        refusals.put("no face", new Object[]{body(template, "alice", noFace, ""), 422, "NoFaceDetected"});
        refusals.put("tiny face", new Object[]{body(template, "alice", tiny, ""), 422, "FaceTooSmall"});
        refusals.put("turned face", new Object[]{body(template, "alice", base64("sample2"), ""), 422, "FaceAngleTooLarge"});
        refusals.put("empty face rectangle", new Object[]{body(template, "alice", base64("sample1"),
                ",\"faceRect\":{\"x\":0,\"y\":0,\"width\":50,\"height\":50}"), 400, "FaceRectInvalid"});
        refusals.put("unknown template face", new Object[]{body(template, "alice", base64("sample1"),
                ",\"templateFaceId\":9"), 400, "TemplateFaceIdNotFound"});
        refusals.put("unknown template", new Object[]{body("00000000-0000-0000-0000-000000000000", "alice",
                base64("sample1"), ""), 404, "TemplateNotFound"});
        refusals.put("not base64", new Object[]{body(template, "alice", "***", ""), 400, "ValidationFailed"});
        refusals.put("not an image", new Object[]{body(template, "alice",
                Base64.getEncoder().encodeToString("hello".getBytes()), ""), 415, "UnsupportedImageFormat"});
        refusals.put("damaged image", new Object[]{body(template, "alice", Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf(Photos.bytes("sample1"), 500)), ""), 400, "ImageDecodeFailed"});
        refusals.put("seven items", new Object[]{"{\"templateId\":\"" + template + "\",\"subjectId\":\"alice\",\"items\":["
                + String.join(",", java.util.Collections.nCopies(7, "{\"image\":\"AA==\"}")) + "]}", 400, "ValidationFailed"});
        refusals.put("degree out of range", new Object[]{"{\"templateId\":\"" + template
                + "\",\"subjectId\":\"alice\",\"faceDegree\":101,\"items\":[{\"image\":\"AA==\"}]}", 400, "ValidationFailed"});
        refusals.put("label off without exemption", new Object[]{"{\"templateId\":\"" + template
                + "\",\"subjectId\":\"alice\",\"label\":{\"visible\":false},\"items\":[{\"image\":\"" + base64("sample1")
                + "\"}]}", 403, "VisibleLabelRequired"});
        BufferedImage crowd = ImageEdits.besideEachOther(  // 16 faces, over the default policy's 6
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample4")), 0.5),
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample5")), 0.5),
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample6")), 0.5));
        refusals.put("too many faces", new Object[]{body(template, "alice",
                Base64.getEncoder().encodeToString(ImageEdits.jpeg(crowd, 0.9f)), ""), 422, "TooManyFaces"});
        refusals.put("too many pixels", new Object[]{body(template, "alice", Base64.getEncoder().encodeToString(
                ImageEdits.pngOfZeros(30_000, 30_000, 1 << 16)), ""), 413, "ImageTooLarge"});
        refusals.put("logo never uploaded", new Object[]{withLogo(20, 20, 200, 100), 409, "Conflict"});
        refusals.put("not JSON", new Object[]{"{\"templateId\":", 400, "MalformedJson"});
        long tracedBefore = db.count("select count(*) from trace_entry where operation = 'fusion.create' and outcome <> 'ok' "
                + "and app_id = ?::uuid", app.appId().toString());
        String before = state();
        refusals.forEach((name, r) -> {
            Response response = fuse((String) r[0]);
            assertEquals(r[1], response.statusCode(), name + ": " + response.asString());
            assertEquals("application/problem+json", response.contentType(), name);
            assertEquals(r[2], response.path("code"), name);
        });
        assertEquals(before, state(), "no result, usage record or stored media");
        // refusals past validation are traced (the five that fail validation or parsing never reach the pipeline)
        assertEquals(tracedBefore + refusals.size() - 5, db.count("select count(*) from trace_entry where "
                + "operation = 'fusion.create' and outcome <> 'ok' and app_id = ?::uuid", app.appId().toString()));
    }

    /**
     * The app's uploaded logo is drawn where {@code label.logo} asks, the text label as well; a
     * rectangle that leaves the output (the template's size) is refused before anything is checked.
     */
    @Test
    void theAppsLogoIsDrawnWhereTheRequestAsks() {
        BufferedImage red = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = red.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 40, 20);
        g.dispose();
        app.signer().request("PUT", "/v1/labels/logo", ImageEdits.png(red), "image/png").put("/v1/labels/logo")
                .then().statusCode(204);
        String before = state();
        long checks = db.count("select count(*) from moderation_check where app_id = ?::uuid", app.appId().toString());
        fuse(withLogo(1800, 10, 200, 100)).then().statusCode(400).body("code", equalTo("ValidationFailed"));
        assertEquals(checks, db.count("select count(*) from moderation_check where app_id = ?::uuid",
                app.appId().toString()), "refused before the photo was checked");
        assertEquals(before, state());

        Response fused = fuse(withLogo(20, 20, 200, 100));
        fused.then().statusCode(200);
        BufferedImage out = ImageEdits.read(Base64.getDecoder().decode(fused.<String>path("image")));
        int rgb = out.getRGB(120, 70); // the middle of the rectangle
        assertTrue(((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60, "red logo expected, got " + Integer.toHexString(rgb));
        assertNotNull(VisibleLabel.find(out), "the text label stays");
    }

    /**
     * The output is moderated as well, and its refusal leaves nothing behind: a face an operator banned
     * after the template was approved is the template's own, so a fusion that keeps it (face and profile
     * degree 0) passes the user photo's check and is refused on the output's, before any label.
     */
    @Test
    void anOutputModerationRefusesLeavesNothingAndIsTraced() {
        Rectangle face = faceBox(0);
        int side = face.width * 2;
        BufferedImage banned = ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample6")),
                Math.max(0, face.x + face.width / 2 - side / 2), Math.max(0, face.y + face.height / 2 - side / 2), side, side);
        String entry = Operator.given().contentType("image/png").body(ImageEdits.png(banned))
                .post("/v1/ops/feature-library/faces?category=banned_person&label=template-face&reason=test")
                .then().statusCode(200).extract().path("id");
        try {
            String before = state();
            String appId = app.appId().toString();
            long refused = db.count("select count(*) from trace_entry where operation = 'fusion.create' and outcome <> 'ok' "
                    + "and app_id = ?::uuid", appId);
            long labelled = db.count("select count(*) from trace_entry where operation = 'label.apply' and app_id = ?::uuid", appId);
            fuse("""
                    {"templateId":"%s","subjectId":"alice","items":[{"image":"%s","templateFaceId":0}],
                     "faceDegree":0,"profileDegree":0}""".formatted(template, base64("sample1")))
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("code", equalTo("ModerationBlocked")).body("detail", startsWith("the output: "));
            assertEquals(before, state(), "no result, usage record or stored media");
            assertEquals(1, db.count("select count(*) from moderation_check where app_id = ?::uuid and role = 'user_photo' "
                    + "and verdict = 'pass'", appId), "the user photo passed");
            assertEquals(1, db.count("select count(*) from moderation_check where app_id = ?::uuid and role = 'output' "
                    + "and verdict = 'block' and reason = 'FeatureLibraryMatch'", appId), "the output was refused");
            assertEquals(refused + 1, db.count("select count(*) from trace_entry where operation = 'fusion.create' "
                    + "and outcome <> 'ok' and app_id = ?::uuid", appId), "the refusal is traced");
            assertEquals(labelled, db.count("select count(*) from trace_entry where operation = 'label.apply' "
                    + "and app_id = ?::uuid", appId), "the label made while the output was checked is not traced");
        } finally {
            Operator.given().contentType("application/json").body("{\"reason\":\"test done\"}")
                    .post("/v1/ops/feature-library/" + entry + "/retirement").then().statusCode(200);
        }
    }

    @Test
    void anInlineTemplateNeedsAnOperatorsLeaveAndIsNeverKept() {
        String json = """
                {"templateImage":"%s","subjectId":"alice","items":[{"image":"%s"}]}""".formatted(base64("sample4"), base64("sample1"));
        fuse(json).then().statusCode(403).body("code", equalTo("InlineTemplateNotAllowed"));
        Operator.given().contentType("application/json").body("{\"allowed\":true,\"reason\":\"contract 12\"}")
                .post("/v1/ops/apps/" + app.appId() + "/inline-templates").then().statusCode(200)
                .body("inlineTemplatesAllowed", equalTo(true));
        long templates = db.count("select count(*) from template");
        Response fused = fuse(json);
        fused.then().statusCode(200).body("faces[0].templateFaceId", equalTo(0));
        assertEquals(templates, db.count("select count(*) from template"), "an inline template is not stored");
        assertEquals(1, db.count("select count(*) from fusion_result where id = ?::uuid and template_id is null",
                fused.<String>path("fusionId")));
        // it is moderated like an uploaded one: two template checks, the stored template's and this one
        assertEquals(2, db.count("select count(*) from moderation_check where app_id = ?::uuid and role = 'template'",
                app.appId().toString()));
        fuse("""
                {"templateId":"%s","templateImage":"%s","subjectId":"alice","items":[{"image":"%s"}]}"""
                .formatted(template, base64("sample4"), base64("sample1"))).then().statusCode(400)
                .body("code", equalTo("ValidationFailed"));
    }

    @Test
    void anAppPastItsRateLimitIsRefused() throws Exception {
        Operator.TestApp slow = Operator.createApp("rate-" + System.nanoTime(), 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // consent is missing: each request still counts against the rate first
            answers.add(pool.submit(() -> slow.signer().request("POST", "/v1/fusion", body(template, "nobody", base64("sample1"), ""))
                    .post("/v1/fusion")));
        }
        java.util.List<String> codes = new java.util.ArrayList<>();
        for (var answer : answers) {
            Response response = answer.get();
            codes.add(response.path("code"));
            if ("RateLimited".equals(response.path("code"))) {
                assertEquals(429, response.statusCode());
                assertEquals("1", response.header("Retry-After"), "a refused client is told when to come back");
            }
        }
        pool.shutdown();
        assertTrue(codes.contains("RateLimited"), codes.toString());
    }

    @Test
    void aTemplateNotApprovedAndABlockedPhotoAreRefused() {
        Moderation.policy(app.appId(), "reviewFrom: 0, blockFrom: 100");
        String pending = upload(Photos.bytes("sample5"));
        String before = state();
        fuse(body(pending, "alice", base64("sample1"), "")).then().statusCode(409).body("code", equalTo("TemplateNotApproved"));
        // with every score blocked, the user photo's NSFW score blocks it
        Moderation.policy(app.appId(), "reviewFrom: 1, blockFrom: 2");
        fuse(body(template, "alice", base64("sample1"), "")).then().statusCode(422).body("code", equalTo("ModerationBlocked"))
                .body("detail", startsWith("items[0].image: "));
        assertEquals(before, state());
    }

    private String state() {
        return "results=" + db.count("select count(*) from fusion_result") + " usage=" + db.count("select count(*) from usage_record")
                + " media=" + TestMedia.files("results");
    }

    private static String body(String templateId, String subject, String image, String itemExtra) {
        return "{\"templateId\":\"" + templateId + "\",\"subjectId\":\"" + subject + "\",\"items\":[{\"image\":\"" + image
                + "\"" + itemExtra + "}]}";
    }

    /** sample1 into the template, the app's logo asked for at x, y, width, height. */
    private String withLogo(int x, int y, int width, int height) {
        return """
                {"templateId":"%s","subjectId":"alice","items":[{"image":"%s"}],
                 "label":{"logo":{"x":%d,"y":%d,"width":%d,"height":%d}}}""".formatted(template, base64("sample1"), x, y,
                width, height);
    }

    private Response fuse(String json) {
        return app.signer().request("POST", "/v1/fusion", json).contentType("application/json").post("/v1/fusion");
    }

    private String upload(byte[] image) {
        String path = "/v1/templates?name=t" + System.nanoTime();
        return app.signer().request("POST", path, image, "image/jpeg").post(path).then().statusCode(201)
                .extract().path("id");
    }

    private static String base64(String sample) {
        return Base64.getEncoder().encodeToString(Photos.bytes(sample));
    }

    /** Mean absolute difference (0-255) over the template face's box. */
    private double faceDifference(BufferedImage a, BufferedImage b, int faceId) {
        Rectangle box = faceBox(faceId);
        return ImageDifference.mean(a, b, box.x, box.y, box.width, box.height);
    }

    /** The rectangle of the setUp template's face {@code faceId}, as its detail answers it. */
    private Rectangle faceBox(int faceId) {
        Response detail = app.signer().request("GET", "/v1/templates/" + template, "").get("/v1/templates/" + template);
        return new Rectangle(detail.path("faces[" + faceId + "].x"), detail.path("faces[" + faceId + "].y"),
                detail.path("faces[" + faceId + "].width"), detail.path("faces[" + faceId + "].height"));
    }
}
