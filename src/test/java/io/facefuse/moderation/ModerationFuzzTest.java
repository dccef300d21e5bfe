package io.facefuse.moderation;

import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken images on the signed public route: each gets a verdict or a problem with its
 * own code, never a 5xx; a refused image writes nothing; the function stays up.
 */
@QuarkusTest
class ModerationFuzzTest {

    private static final Set<String> IMAGE_CODES = Set.of("ImageDecodeFailed", "ImageTooLarge", "ImageTooSmall",
            "UnsupportedImageFormat");

    @Inject
    DataSource dataSource;

    @Test
    void namedHostileImagesGetTheirCodes() {
        Operator.TestApp app = Operator.createApp("hostile-" + System.nanoTime());
        Db db = new Db(dataSource);
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        byte[] jpeg = Photos.bytes("sample1");
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("1x1 PNG", new Object[]{ImageEdits.png(ImageEdits.cropped(ImageEdits.read(jpeg), 0, 0, 1, 1)), "image/png", 400, "ImageTooSmall"});
        cases.put("30000x30000 PNG header", new Object[]{ImageEdits.pngOfZeros(30_000, 30_000, 1 << 16), "image/png", 413, "ImageTooLarge"});
        cases.put("8000x8000 PNG of zeros (190 kB)", new Object[]{ImageEdits.pngOfZeros(8_000, 8_000, 8_000 * (8_000 * 3 + 1)), "image/png", 413, "ImageTooLarge"});
        cases.put("truncated JPEG header", new Object[]{Arrays.copyOf(jpeg, 200), "image/jpeg", 400, "ImageDecodeFailed"});
        cases.put("JPEG magic, then noise", new Object[]{withMagic(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 5000), "image/jpeg", 400, "ImageDecodeFailed"});
        cases.put("PNG magic, then noise", new Object[]{withMagic(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 5000), "image/png", 400, "ImageDecodeFailed"});
        cases.put("JPEG of 400 scans (a decoding-time bomb)", new Object[]{ImageEdits.jpegWithRepeatedScans(
                ImageEdits.progressiveJpeg(ImageEdits.scaled(ImageEdits.read(jpeg), 0.25)), 400), "image/jpeg", 400,
                "ImageDecodeFailed"});
        cases.put("truncated WebP", new Object[]{Arrays.copyOf(Photos.resource("/photos/sample1.webp"), 64), "image/webp", 400, "ImageDecodeFailed"});
        cases.put("GIF", new Object[]{"GIF89a\u0001\u0000\u0001\u0000".getBytes(), "image/jpeg", 415, "UnsupportedImageFormat"});
        cases.put("empty body", new Object[]{new byte[0], "image/jpeg", 415, "UnsupportedImageFormat"});
        cases.put("JPEG sent as text", new Object[]{jpeg, "text/plain", 415, "UnsupportedMediaType"});
        cases.forEach((name, c) -> {
            Response response = Moderation.check(app, (byte[]) c[0], (String) c[1], "template", null);
            assertEquals(c[2], response.statusCode(), name);
            assertEquals("application/problem+json", response.contentType(), name);
            assertEquals(c[3], response.path("code"), name);
        });
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
    }

    @Test
    void hundredsOfMutatedImagesNeverBreakTheFunction() {
        Operator.TestApp app = Operator.createApp("fuzz-" + System.nanoTime());
        Db db = new Db(dataSource);
        long checksBefore = db.count("select count(*) from moderation_check");
        long reviewsBefore = db.count("select count(*) from review_task");
        Random random = new Random(20261125);
        byte[] jpeg = ImageEdits.jpeg(ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample3")), 0.3), 0.85f);
        byte[] png = ImageEdits.png(ImageEdits.scaled(ImageEdits.read(Photos.bytes("sample5")), 0.25));
        byte[] webp = Photos.resource("/photos/sample1.webp");
        List<byte[]> inputs = new ArrayList<>();
        for (byte[] seed : List.of(jpeg, png, webp)) {
            for (int i = 0; i < 30; i++) {
                inputs.add(Arrays.copyOf(seed, 1 + random.nextInt(seed.length - 1)));   // truncated
            }
            for (int i = 0; i < 30; i++) {
                inputs.add(flipped(seed, random, 1 + random.nextInt(8), Math.min(seed.length, 1024)));  // header damage
            }
            for (int i = 0; i < 30; i++) {
                inputs.add(flipped(seed, random, 1 + random.nextInt(30), seed.length));  // anywhere
            }
        }
        int answered = 0;
        int refused = 0;
        for (byte[] input : inputs) {
            String type = input.length > 0 && input[0] == (byte) 0x89 ? "image/png"
                    : input.length > 0 && input[0] == 'R' ? "image/webp" : "image/jpeg";
            Response response = Moderation.check(app, input, type, "template", null);
            int status = response.statusCode();
            if (status == 200) {
                answered++;
                assertTrue(Set.of("pass", "review", "block").contains(response.<String>path("verdict")));
            } else {
                refused++;
                assertTrue(status == 400 || status == 413 || status == 415, "status " + status);
                assertEquals("application/problem+json", response.contentType());
                assertTrue(IMAGE_CODES.contains(response.<String>path("code")), response.asString());
            }
        }
        assertEquals(270, answered + refused);
        assertTrue(refused > 50, "most damage is noticed: " + refused + " refused");
        // only the answered checks were recorded, and the function still answers
        assertEquals(checksBefore + answered, db.count("select count(*) from moderation_check"));
        assertEquals(reviewsBefore + db.count("select count(*) from moderation_check where app_id = ?::uuid "
                + "and verdict = 'review'", app.appId().toString()), db.count("select count(*) from review_task"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "template", null).then().statusCode(200)
                .body("verdict", equalTo("pass"));
    }

    private static byte[] flipped(byte[] seed, Random random, int flips, int within) {
        byte[] copy = seed.clone();
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(within)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private static byte[] withMagic(byte[] magic, int length) {
        byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }
}
