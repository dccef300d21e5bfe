package io.facefuse.images;

import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system's libjpeg-turbo (with SIMD), called through the foreign function API, in place of
 * OpenCV's copy (without): used wherever it is installed (CI installs Debian's libturbojpeg0), and
 * giving what OpenCV's gives, so nothing a check or a label sees changes.
 */
class TurboJpegTest {

    private static final List<String> LIBRARIES = List.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0",
            "/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0", "/usr/lib64/libturbojpeg.so.0", "/usr/lib/libturbojpeg.so.0");

    @Test
    void theSystemsLibraryIsUsedWhereItIsInstalled() {
        boolean installed = LIBRARIES.stream().anyMatch(library -> Files.exists(Path.of(library)));
        assertEquals(installed, TurboJpeg.available(), "installed: " + installed);
    }

    @Test
    void itDecodesToOpenCvsPixels() {
        for (String name : List.of("/photos/sample1.jpg", "/photos/sample5.jpg", "/photos/more/camera.jpg",
                "/photos/more/retina.jpg")) {
            byte[] jpeg = Photos.resource(name);
            RgbImage openCv = JpegCodec.decodeRgbThroughOpenCv(jpeg);
            RgbImage ours = JpegCodec.decodeRgb(jpeg, JpegCodec.header(jpeg));
            assertEquals(openCv.width(), ours.width(), name);
            assertArrayEquals(openCv.rgb(), ours.rgb(), name);
            if (TurboJpeg.available()) {
                assertArrayEquals(openCv.rgb(), TurboJpeg.decode(jpeg, openCv.width(), openCv.height()), name);
            }
        }
    }

    /** Another size than the frame header's, or a damaged stream: refused, so OpenCV's copy decides. */
    @Test
    void aFileItRefusesIsLeftToOpenCv() {
        if (!TurboJpeg.available()) {
            return; // nothing of its own to refuse: OpenCV's copy decodes everything (ImagesTest)
        }
        byte[] jpeg = Photos.bytes("sample1");
        assertNull(TurboJpeg.decode(jpeg, 1920, 1281), "not the header's size");
        assertNull(TurboJpeg.decode(java.util.Arrays.copyOf(jpeg, 400), 1920, 1280), "cut short");
    }

    /**
     * Only a photo without EXIF skips the metadata reader on the way to the fast path: one with EXIF,
     * or whose segments do not walk cleanly, is read for its orientation (OpenCV's copy turns it).
     */
    @Test
    void onlyAFileWithoutExifSkipsTheOrientationCheck() {
        assertTrue(JpegCodec.header(Photos.bytes("sample1")).mayHaveExif(), "a camera's EXIF");
        byte[] plain = ImageEdits.jpeg(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample1")), 0, 0, 64, 64), 0.9f);
        assertEquals(false, JpegCodec.header(plain).mayHaveExif(), "none written");
        byte[] garbled = plain.clone();
        garbled[2] = 0x12; // no marker where the first segment should start
        assertTrue(JpegCodec.header(garbled).mayHaveExif(), "unsure: let the metadata reader decide");
    }

    /** A photo with any of the eight EXIF orientations is turned upright to OpenCV's pixels, both layouts. */
    @Test
    void everyOrientationIsTurnedAsOpenCvTurnsIt() throws Exception {
        byte[] plain = ImageEdits.jpeg(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample1")), 700, 200, 301, 180), 0.9f);
        for (short tag = 1; tag <= 8; tag++) {
            byte[] tagged;
            try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
                TiffOutputSet exif = new TiffOutputSet();
                exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, tag);
                new ExifRewriter().updateExifMetadataLossless(plain, out, exif);
                tagged = out.toByteArray();
            }
            assertEquals(tag, Images.exifOrientation(tagged));
            RgbImage openCv = JpegCodec.decodeRgbThroughOpenCv(tagged);
            RgbImage ours = Images.pixels(tagged, new Images.Limits(40_000_000, 16));
            assertEquals(openCv.width(), ours.width(), "tag " + tag);
            assertArrayEquals(openCv.rgb(), ours.rgb(), "tag " + tag);
            BufferedImage decoded = Images.decode(tagged, new Images.Limits(40_000_000, 16));
            assertArrayEquals(openCv.rgb(), RgbImage.of(decoded).rgb(), "tag " + tag + ", decoded");
        }
    }

    /** It encodes at OpenCV's settings: the same quantisation, a file of about the same size, the same picture. */
    @Test
    void itEncodesAsOpenCvDoes() {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), new Images.Limits(40_000_000, 16));
        BufferedImage bgr = bgrCopy(photo);
        for (int quality : new int[]{50, 92}) {
            byte[] openCv = JpegCodec.encodeThroughOpenCv(bgr, quality);
            byte[] ours = JpegCodec.encode(bgr, quality);
            assertEquals(ImageEdits.luminanceDcStep(openCv), ImageEdits.luminanceDcStep(ours), "quality " + quality);
            assertTrue(Math.abs(ours.length - openCv.length) < openCv.length * 0.02,
                    ours.length + " bytes against " + openCv.length + " at " + quality);
            RgbImage a = JpegCodec.decodeRgbThroughOpenCv(openCv);
            RgbImage b = JpegCodec.decodeRgbThroughOpenCv(ours);
            double difference = 0;
            for (int i = 0; i < a.rgb().length; i++) {
                difference += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
            }
            assertTrue(difference / a.rgb().length < 0.5, "mean difference " + difference / a.rgb().length);
        }
    }

    /** RGB pixels (the fusion's canvas) make the very file their BGR copy makes, and a PNG as before. */
    @Test
    void rgbPixelsEncodeToTheFileTheirBgrCopyEncodesTo() throws Exception {
        RgbImage photo = Images.pixels(Photos.bytes("sample3"), new Images.Limits(40_000_000, 16));
        for (float quality : new float[]{0.5f, 0.92f}) {
            assertArrayEquals(Images.encode(photo.toBufferedImage(), false, quality), Images.encode(photo, false, quality),
                    "quality " + quality);
        }
        assertEquals(TurboJpeg.available(), JpegCodec.encodeRgb(photo, 92) != null);
        byte[] png = Images.encode(photo, true, 0.92f);
        RgbImage back = RgbImage.of(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)));
        assertArrayEquals(photo.rgb(), back.rgb(), "a PNG keeps every pixel");
    }

    /**
     * The labels' decode (TYPE_INT_RGB, drawn on and marked in place) is straight into that layout,
     * OpenCV's pixels; a file the system's library refuses (cut short) comes from OpenCV's copy, converted.
     */
    @Test
    void theLabelsDecodeIsStraightIntoPackedPixels() {
        byte[] sample1 = Photos.bytes("sample1");
        byte[] cutShort = java.util.Arrays.copyOf(sample1, sample1.length * 6 / 10);
        assertEquals(false, TurboJpeg.available() && TurboJpeg.decodePacked(cutShort, 1920, 1280, new int[1920 * 1280]));
        for (String name : List.of("/photos/sample1.jpg", "/photos/sample5.jpg", "/photos/more/camera.jpg", "cut short")) {
            byte[] jpeg = name.equals("cut short") ? cutShort : Photos.resource(name);
            BufferedImage decoded = Images.decode(jpeg, new Images.Limits(40_000_000, 16));
            assertEquals(BufferedImage.TYPE_INT_RGB, decoded.getType(), name);
            assertTrue(Images.packedPixels(decoded) != null, name);
            assertArrayEquals(JpegCodec.decodeRgbThroughOpenCv(jpeg).rgb(), RgbImage.of(decoded).rgb(), name);
        }
    }

    /** A TYPE_INT_RGB image (the labels') makes the very file its BGR copy makes. */
    @Test
    void packedPixelsEncodeToTheFileTheirBgrCopyEncodesTo() {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), new Images.Limits(40_000_000, 16));
        BufferedImage bgr = bgrCopy(photo);
        for (float quality : new float[]{0.5f, 0.92f}) {
            assertArrayEquals(Images.encode(bgr, false, quality), Images.encode(photo, false, quality), "quality " + quality);
        }
        assertEquals(TurboJpeg.available(), JpegCodec.encodePacked(Images.packedPixels(photo), photo.getWidth(),
                photo.getHeight(), 92) != null);
    }

    /** The image as byte-interleaved BGR, the layout the JPEG encoder takes as it is. */
    private static BufferedImage bgrCopy(BufferedImage image) {
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return bgr;
    }
}
