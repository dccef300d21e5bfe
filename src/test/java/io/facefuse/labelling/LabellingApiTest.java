package io.facefuse.labelling;

import io.facefuse.support.Db;
import io.facefuse.support.ImageDifference;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelling through the Lambda path: signed, binary in and out, traced, inspectable by anyone. */
@QuarkusTest
class LabellingApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void aSignedJpegComesBackLabelledAndTraced() throws IOException {
        Operator.TestApp app = Operator.createApp("labeller");
        byte[] photo = Photos.bytes("sample1");
        Response response = app.signer().request("POST", "/v1/labels?subjectId=user-7", photo, "image/jpeg")
                .post("/v1/labels?subjectId=user-7");
        response.then().statusCode(200).contentType("image/jpeg").header(LabelResource.CONTENT_ID_HEADER, startsWith("ffc_"));
        String contentId = response.header(LabelResource.CONTENT_ID_HEADER);
        byte[] labelled = response.asByteArray();
        assertNotNull(ImageIO.read(new ByteArrayInputStream(labelled)), "a decodable JPEG");
        AigcRecord record = MetadataLabel.read(labelled);
        assertEquals(contentId, record.produceId());
        assertEquals("1", record.label());
        assertEquals("FACEFUSETEST000000000000000", record.contentProducer());
        Db db = new Db(dataSource);
        assertEquals(1, db.count("select count(*) from trace_entry where content_id = ? and operation = 'label.apply' "
                + "and app_id = ?::uuid and subject_id = 'user-7'", contentId, app.appId().toString()));

        RestAssured.given().contentType("image/jpeg").body(labelled).post("/v1/labels/inspection")
                .then().statusCode(200)
                .body("visibleLabel.corner", equalTo("bottom-right"))
                .body("watermarkPresent", equalTo(true))
                .body("visibleLabel.language", equalTo("zh"))
                .body("metadataPresent", equalTo(true))
                .body("metadataSignatureValid", equalTo(true))
                .body("contentId", equalTo(contentId));
        assertEquals(3, ImageEdits.luminanceDcStep(labelled), "encoded at the default quality, 0.92");
    }

    /** An app that wants a smaller file asks for a lower quality; the labels are then encoded at it. */
    @Test
    void theLabelledJpegIsEncodedAtTheQualityAsked() throws IOException {
        Operator.TestApp app = Operator.createApp("labeller-quality");
        byte[] photo = Photos.bytes("sample1");
        Response response = app.signer().request("POST", "/v1/labels?quality=0.6", photo, "image/jpeg")
                .post("/v1/labels?quality=0.6");
        response.then().statusCode(200).contentType("image/jpeg");
        byte[] labelled = response.asByteArray();
        assertEquals(13, ImageEdits.luminanceDcStep(labelled), "libjpeg's quality 60 scales the standard 16 to 13");
        assertEquals(response.header(LabelResource.CONTENT_ID_HEADER), MetadataLabel.read(labelled).produceId());
    }

    /**
     * A phone's Display P3 photo comes back labelled in the colours it shows: the output carries no
     * profile, so its pixels are sRGB, closer to the photo's sRGB colours (above the label) than to the
     * P3 values the file stored. Before profiles were applied it came back with those values, duller.
     */
    @Test
    void aDisplayP3PhotoComesBackInTheColoursItShows() throws IOException {
        Operator.TestApp app = Operator.createApp("p3-labeller");
        java.awt.image.BufferedImage photo = ImageEdits.read(Photos.bytes("sample3"));
        java.awt.image.BufferedImage inP3 = ImageEdits.inProfile(photo, ImageEdits.displayP3());
        byte[] tagged = ImageEdits.jpegInProfile(photo, ImageEdits.displayP3(), 0.95f);
        byte[] labelled = app.signer().request("POST", "/v1/labels", tagged, "image/jpeg").post("/v1/labels")
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        java.awt.image.BufferedImage out = ImageIO.read(new ByteArrayInputStream(labelled));
        // over the upper half, where neither label is drawn
        int half = out.getHeight() / 2;
        double toPhoto = ImageDifference.mean(out, photo, 0, 0, out.getWidth(), half);
        double toStored = ImageDifference.mean(out, inP3, 0, 0, out.getWidth(), half);
        assertTrue(toPhoto < 3 && toPhoto < toStored / 1.5, "off the photo's colours by " + toPhoto
                + ", off the stored P3 values by " + toStored);
    }

    @Test
    void aPngKeepsItsFormat() throws IOException {
        Operator.TestApp app = Operator.createApp("png-labeller");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(Photos.bytes("sample2"))), "png", png);
        byte[] labelled = app.signer().request("POST", "/v1/labels?language=en&corner=top-left", png.toByteArray(), "image/png")
                .post("/v1/labels?language=en&corner=top-left")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals(MetadataLabel.Format.PNG, MetadataLabel.formatOf(labelled));
        assertNotNull(MetadataLabel.read(labelled));
    }

    @Test
    void inspectionSeesForgedAndMissingRecords() throws IOException {
        byte[] photo = Photos.bytes("sample3");
        RestAssured.given().contentType("image/jpeg").body(photo).post("/v1/labels/inspection")
                .then().statusCode(200).body("metadataPresent", equalTo(false)).body("contentId", nullValue())
                .body("visibleLabel", nullValue())
                .body("watermarkPresent", equalTo(false));
        byte[] forged = MetadataLabel.write(photo, AigcRecord.produced("FACEFUSETEST000000000000000", "ffc_forged")
                .signed(LabellingService.SIGNATURE_PREFIX + "00".repeat(32)));
        RestAssured.given().contentType("image/jpeg").body(forged).post("/v1/labels/inspection")
                .then().statusCode(200).body("metadataPresent", equalTo(true))
                .body("metadataSignatureValid", equalTo(false)).body("contentId", equalTo("ffc_forged"));
    }

    /**
     * The signature ties the record to the file it was written into: rewriting the same record keeps
     * it valid; the record on other image data (the same picture encoded again), or with a field
     * changed, does not verify.
     */
    @Test
    void theSignatureBindsTheRecordToItsImage() throws IOException {
        Operator.TestApp app = Operator.createApp("binding");
        for (String type : new String[]{"image/jpeg", "image/png"}) {
            byte[] photo = type.equals("image/png") ? ImageEdits.png(ImageEdits.read(Photos.bytes("sample2")))
                    : Photos.bytes("sample2");
            byte[] labelled = app.signer().request("POST", "/v1/labels", photo, type).post("/v1/labels")
                    .then().statusCode(200).contentType(type).extract().asByteArray();
            AigcRecord record = MetadataLabel.read(labelled);
            assertSignatureValid(labelled, type, true);
            assertSignatureValid(MetadataLabel.write(labelled, record), type, true);

            byte[] encodedAgain = type.equals("image/png") ? ImageEdits.jpeg(ImageEdits.read(labelled), 0.95f)
                    : ImageEdits.jpeg(ImageEdits.read(labelled), 0.99f);
            assertSignatureValid(MetadataLabel.write(encodedAgain, record), "image/jpeg", false);
            AigcRecord relabelled = new AigcRecord("0", record.contentProducer(), record.produceId(),
                    record.reservedCode1(), record.contentPropagator(), record.propagateId(), record.reservedCode2());
            assertSignatureValid(MetadataLabel.write(labelled, relabelled), type, false);
        }
    }

    private static void assertSignatureValid(byte[] image, String type, boolean valid) {
        RestAssured.given().contentType(type).body(image).post("/v1/labels/inspection")
                .then().statusCode(200).body("metadataPresent", equalTo(true))
                .body("metadataSignatureValid", equalTo(valid));
    }

    @Test
    void badImagesAndOptionsAreRefusedAndWriteNothing() {
        Operator.TestApp app = Operator.createApp("bad-labeller");
        Db db = new Db(dataSource);
        long traced = db.count("select count(*) from trace_entry where operation = 'label.apply'");
        byte[] truncated = java.util.Arrays.copyOf(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, 200);
        app.signer().request("POST", "/v1/labels", truncated, "image/jpeg").post("/v1/labels")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("ImageDecodeFailed"));
        app.signer().request("POST", "/v1/labels", "GIF89a....".getBytes(), "image/png").post("/v1/labels")
                .then().statusCode(415).body("code", equalTo("UnsupportedImageFormat"));
        app.signer().request("POST", "/v1/labels?visible=false", new byte[]{1}, "image/png").post("/v1/labels?visible=false")
                .then().statusCode(403).body("code", equalTo("VisibleLabelRequired"));
        app.signer().request("POST", "/v1/labels?corner=middle", new byte[]{1}, "image/png").post("/v1/labels?corner=middle")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        app.signer().request("POST", "/v1/labels?quality=1.2", Photos.bytes("sample1"), "image/jpeg")
                .post("/v1/labels?quality=1.2").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        app.signer().request("POST", "/v1/labels", new byte[]{1}, "image/gif").post("/v1/labels")
                .then().statusCode(415).body("code", equalTo("UnsupportedMediaType"));
        RestAssured.given().contentType("image/jpeg").body(new byte[]{1, 2}).post("/v1/labels")
                .then().statusCode(401).body("code", equalTo("SignatureMissing"));
        assertEquals(traced, db.count("select count(*) from trace_entry where operation = 'label.apply'"));
    }

    @Test
    void anAppAnOperatorExemptedMayOmitTheVisibleLabelButNotTheMetadata() throws IOException {
        Operator.TestApp app = Operator.createApp("exempt");
        byte[] photo = Photos.bytes("sample4");
        app.signer().request("POST", "/v1/labels?visible=false", photo, "image/jpeg").post("/v1/labels?visible=false")
                .then().statusCode(403).body("code", equalTo("VisibleLabelRequired"));
        Operator.given().contentType("application/json")
                .body("{\"visibleLabelOptional\":true,\"reason\":\"label shown by the app's own frame, contract 42\"}")
                .post("/v1/ops/apps/" + app.appId() + "/label-exemption")
                .then().statusCode(200).body("visibleLabelOptional", equalTo(true));
        byte[] labelled = app.signer().request("POST", "/v1/labels?visible=false", photo, "image/jpeg")
                .post("/v1/labels?visible=false").then().statusCode(200).extract().asByteArray();
        assertNotNull(MetadataLabel.read(labelled), "the metadata label stays");
        // no visible label, but the invisible one is there
        RestAssured.given().contentType("image/jpeg").body(labelled).post("/v1/labels/inspection")
                .then().statusCode(200).body("visibleLabel", nullValue()).body("watermarkPresent", equalTo(true));
    }

    @Test
    void aReuploadThatStripsTheMetadataStillLeadsToTheContentThroughTheWatermark() throws IOException {
        Operator.TestApp app = Operator.createApp("stripped");
        Response response = app.signer().request("POST", "/v1/labels?subjectId=user-11", Photos.bytes("sample5"), "image/jpeg")
                .post("/v1/labels?subjectId=user-11");
        String contentId = response.header(LabelResource.CONTENT_ID_HEADER);
        // a social network re-encodes at a lower quality and drops the metadata
        ByteArrayOutputStream reupload = new ByteArrayOutputStream();
        ImageIO.write(WatermarkTest.jpeg(ImageIO.read(new ByteArrayInputStream(response.asByteArray())), 0.6f), "jpg", reupload);
        assertEquals(null, MetadataLabel.read(reupload.toByteArray()));
        Operator.given().contentType("image/jpeg").body(reupload.toByteArray()).post("/v1/labels/inspection")
                .then().statusCode(200)
                .body("metadataPresent", equalTo(false))
                .body("watermarkPresent", equalTo(true))
                .body("contentId", equalTo(contentId))
                .body("trace.find { it.operation == 'label.apply' }.subjectId", equalTo("user-11"));
    }

    @Test
    void anAppsLogoIsDrawnWhereTheRequestAsks() throws IOException {
        Operator.TestApp app = Operator.createApp("logo-app");
        byte[] photo = Photos.bytes("sample1");
        app.signer().request("POST", "/v1/labels?logo=10,10,200,100", photo, "image/jpeg").post("/v1/labels?logo=10,10,200,100")
                .then().statusCode(409).body("code", equalTo("Conflict"));

        java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = red.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 40, 20);
        g.dispose();
        ByteArrayOutputStream logo = new ByteArrayOutputStream();
        ImageIO.write(red, "png", logo);
        app.signer().request("PUT", "/v1/labels/logo", logo.toByteArray(), "image/png").put("/v1/labels/logo")
                .then().statusCode(204);
        app.signer().request("PUT", "/v1/labels/logo", "not an image".getBytes(), "image/png").put("/v1/labels/logo")
                .then().statusCode(415).body("code", equalTo("UnsupportedImageFormat"));

        byte[] labelled = app.signer().request("POST", "/v1/labels?logo=10,10,200,100", photo, "image/jpeg")
                .post("/v1/labels?logo=10,10,200,100").then().statusCode(200).extract().asByteArray();
        var image = ImageIO.read(new ByteArrayInputStream(labelled));
        int rgb = image.getRGB(110, 60); // the middle of the rectangle
        assertTrue(((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60, "red logo expected, got " + Integer.toHexString(rgb));
        assertNotNull(VisibleLabel.find(image), "the text label stays");

        app.signer().request("POST", "/v1/labels?logo=1900,10,200,100", photo, "image/jpeg")
                .post("/v1/labels?logo=1900,10,200,100").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        app.signer().request("POST", "/v1/labels?logo=a,b", photo, "image/jpeg")
                .post("/v1/labels?logo=a,b").then().statusCode(400).body("code", equalTo("ValidationFailed"));
    }

    @Test
    void aDecompressionBombIsRefusedBeforeDecoding() throws IOException {
        // a tiny PNG that claims 30000 x 30000 pixels
        byte[] header = pngHeader(30_000, 30_000);
        Operator.TestApp app = Operator.createApp("bomb");
        app.signer().request("POST", "/v1/labels", header, "image/png").post("/v1/labels")
                .then().statusCode(413).body("code", equalTo("ImageTooLarge"));
        assertTrue(header.length < 100);
    }

    /** Anyone may post to inspection: a JPEG of hundreds of scans, minutes of decoding, is refused unread. */
    @Test
    void aJpegOfHundredsOfScansIsRefusedByThePublicInspection() {
        byte[] bomb = ImageEdits.jpegWithRepeatedScans(ImageEdits.progressiveJpeg(
                ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample2")), 0.25)), 400);
        RestAssured.given().contentType("image/jpeg").body(bomb).post("/v1/labels/inspection")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("ImageDecodeFailed"));
    }

    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
        byte[] type = "IHDR".getBytes();
        out.write(type);
        out.write(ihdr.array());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type);
        crc.update(ihdr.array());
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
