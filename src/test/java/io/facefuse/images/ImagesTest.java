package io.facefuse.images;

import io.facefuse.models.RgbImage;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec helpers: what they decode and encode must not depend on the codec library or the pixel layout. */
class ImagesTest {

    private static final Images.Limits LIMITS = new Images.Limits(36_000_000, 1);

    /** Packed RGB goes to the JPEG writer through a BGR copy, which must not change a single byte of the file. */
    @Test
    void aJpegIsTheSameFileFromPackedOrInterleavedPixels() throws IOException {
        BufferedImage packed = Images.decode(Photos.bytes("sample5"), LIMITS);
        BufferedImage bgr = new BufferedImage(packed.getWidth(), packed.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(packed, 0, 0, null);
        byte[] fromPacked = Images.encode(packed, false, 0.9f);
        assertArrayEquals(Images.encode(bgr, false, 0.9f), fromPacked);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(fromPacked));
        assertEquals(packed.getWidth(), back.getWidth());
        assertEquals(packed.getHeight(), back.getHeight());
    }

    /**
     * JPEG goes through libjpeg-turbo in place of the JDK's decoder; that must not change what any
     * check sees, so both must give every photo's pixels alike.
     */
    @Test
    void jpegDecodesToTheJdkDecodersPixels() throws IOException {
        for (String name : List.of("/photos/sample1.jpg", "/photos/sample4.jpg", "/photos/more/camera.jpg",
                "/photos/more/retina.jpg")) {
            byte[] jpeg = Photos.resource(name);
            BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage ours = Images.decode(jpeg, LIMITS);
            assertEquals(jdk.getWidth(), ours.getWidth(), name);
            assertEquals(jdk.getHeight(), ours.getHeight(), name);
            assertArrayEquals(jdk.getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()),
                    ours.getRGB(0, 0, ours.getWidth(), ours.getHeight(), null, 0, ours.getWidth()), name);
            RgbImage pixels = Images.pixels(jpeg, LIMITS);
            assertArrayEquals(RgbImage.of(jdk).rgb(), pixels.rgb(), name);
        }
    }

    /** What facefuse writes, the JDK's decoder reads to the same pixels, at the quality asked for. */
    @Test
    void aJpegWrittenHereReadsAlikeEverywhereAndFollowsTheQuality() throws IOException {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), LIMITS);
        byte[] high = Images.encode(photo, false, 0.95f);
        byte[] low = Images.encode(photo, false, 0.5f);
        assertEquals(Images.Format.JPEG, Images.sniff(high));
        assertTrue(low.length < high.length * 0.6, low.length + " bytes at 0.5 against " + high.length + " at 0.95");
        BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(high));
        BufferedImage ours = Images.decode(high, LIMITS);
        assertArrayEquals(jdk.getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()),
                ours.getRGB(0, 0, ours.getWidth(), ours.getHeight(), null, 0, ours.getWidth()));
        int[] before = photo.getRGB(0, 0, photo.getWidth(), photo.getHeight(), null, 0, photo.getWidth());
        int[] after = ours.getRGB(0, 0, ours.getWidth(), ours.getHeight(), null, 0, ours.getWidth());
        double squared = 0;
        for (int i = 0; i < before.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                double d = ((before[i] >> shift) & 0xff) - ((after[i] >> shift) & 0xff);
                squared += d * d;
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / (squared / (before.length * 3.0)));
        assertTrue(psnr > 38, "PSNR at quality 0.95: " + psnr);
    }

    /**
     * A JPEG cut before its scan is refused as bad data; one cut inside its scan is read as far as it
     * goes (the rest grey), as the JDK's decoder does: neither is an error.
     */
    @Test
    void aJpegCutShortIsRefusedOrReadAsFarAsItGoes() {
        byte[] jpeg = Photos.bytes("sample2");
        int scan = 2; // walk the marker segments to the start of scan (an EXIF thumbnail has its own)
        while ((jpeg[scan + 1] & 0xff) != 0xda) {
            scan += 2 + ((jpeg[scan + 2] & 0xff) << 8 | (jpeg[scan + 3] & 0xff));
        }
        byte[] noScan = Arrays.copyOf(jpeg, scan);
        ApiException refused = assertThrows(ApiException.class, () -> Images.decode(noScan, LIMITS));
        assertEquals(ErrorCode.ImageDecodeFailed, refused.code());

        byte[] cutInScan = Arrays.copyOf(jpeg, scan + 2000);
        RgbImage partial = Images.pixels(cutInScan, LIMITS);
        assertEquals(1920, partial.width());
        assertEquals(1367, partial.height());
        RgbImage whole = Images.pixels(jpeg, LIMITS);
        assertArrayEquals(Arrays.copyOf(whole.rgb(), 1920 * 3 * 8), Arrays.copyOf(partial.rgb(), 1920 * 3 * 8),
                "the first row of blocks was in the data");
        assertTrue(!Arrays.equals(whole.rgb(), partial.rgb()));
    }

    /** A photo stored on its side with an EXIF orientation (as phones write them) reads upright, size included. */
    @Test
    void aJpegStoredOnItsSideReadsUpright() {
        BufferedImage upright = Images.decode(Photos.bytes("sample1"), LIMITS);
        int w = upright.getWidth();
        int h = upright.getHeight();
        byte[] phonePhoto = ImageEdits.jpegStoredOnItsSide(upright, 0.95f);
        assertEquals(new java.awt.Dimension(w, h), Images.size(phonePhoto, LIMITS));
        BufferedImage read = Images.decode(phonePhoto, LIMITS);
        assertEquals(w, read.getWidth());
        assertEquals(h, read.getHeight());
        int[] pixels = upright.getRGB(0, 0, w, h, null, 0, w);
        int[] back = read.getRGB(0, 0, w, h, null, 0, w);
        double error = 0;
        for (int i = 0; i < back.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                error += Math.abs(((back[i] >> shift) & 0xff) - ((pixels[i] >> shift) & 0xff));
            }
        }
        assertTrue(error / (back.length * 3.0) < 3, "mean error against the upright photo: " + error / (back.length * 3.0));
        assertEquals(w, Images.pixels(phonePhoto, LIMITS).width());
        // the same pixels without the tag are read as stored, on their side
        byte[] untagged = ImageEdits.jpeg(ImageEdits.read(phonePhoto), 0.95f);
        assertEquals(new java.awt.Dimension(h, w), Images.size(untagged, LIMITS));
    }

    /**
     * A progressive JPEG (about ten scans) reads as any other; one whose scans run to hundreds, a
     * decoding-time bomb of a few kilobytes, is refused before any pixel is decoded.
     */
    @Test
    void aJpegOfTooManyScansIsRefused() throws IOException {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), LIMITS);
        byte[] progressive = ImageEdits.progressiveJpeg(photo);
        int scans = JpegCodec.scans(progressive);
        assertTrue(scans > 2 && scans < 20, scans + " scans");
        assertEquals(1, JpegCodec.scans(Photos.bytes("sample3")));
        BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(progressive));
        assertArrayEquals(jdk.getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()),
                Images.decode(progressive, LIMITS).getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()));

        byte[] bomb = ImageEdits.jpegWithRepeatedScans(progressive, Images.MAX_JPEG_SCANS);
        assertEquals(scans + Images.MAX_JPEG_SCANS, JpegCodec.scans(bomb));
        ApiException refused = assertThrows(ApiException.class, () -> Images.pixels(bomb, LIMITS));
        assertEquals(ErrorCode.ImageDecodeFailed, refused.code());
    }
}
