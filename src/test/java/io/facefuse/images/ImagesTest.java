package io.facefuse.images;

import com.sun.management.ThreadMXBean;
import io.facefuse.models.RgbImage;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.support.ImageDifference;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        double error = ImageDifference.mean(read, upright);
        assertTrue(error < 3, "mean error against the upright photo: " + error);
        assertEquals(w, Images.pixels(phonePhoto, LIMITS).width());
        // the same pixels without the tag are read as stored, on their side
        byte[] untagged = ImageEdits.jpeg(ImageEdits.read(phonePhoto), 0.95f);
        assertEquals(new java.awt.Dimension(h, w), Images.size(untagged, LIMITS));
    }

    /**
     * PNG (eXIf chunk) and WebP (EXIF chunk) carry the same orientation tag as a JPEG; ImageIO's
     * readers ignore it. sample1 at a half (WebP) and a quarter (PNG) of its size, stored on its side
     * with the tag 6, must read upright, size included, like the photo itself scaled down.
     */
    @Test
    void aPngOrWebpStoredOnItsSideReadsUpright() {
        BufferedImage photo = Images.decode(Photos.bytes("sample1"), LIMITS);
        for (String name : List.of("/photos/sample1-side.webp", "/photos/sample1-side.png")) {
            byte[] stored = Photos.resource(name);
            assertEquals(6, Images.exifOrientation(stored), name);
            BufferedImage read = Images.decode(stored, LIMITS);
            assertTrue(read.getWidth() > read.getHeight(), name + " reads in landscape: " + read.getWidth() + "x" + read.getHeight());
            assertEquals(new java.awt.Dimension(read.getWidth(), read.getHeight()), Images.size(stored, LIMITS), name);
            assertEquals(read.getWidth(), Images.pixels(stored, LIMITS).width(), name);
            BufferedImage reference = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = reference.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(java.awt.RenderingHints.KEY_RENDERING, java.awt.RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(photo, 0, 0, read.getWidth(), read.getHeight(), null);
            g.dispose();
            double error = ImageDifference.mean(read, reference);
            assertTrue(error < 8, name + ": mean error against the photo upright: " + error);
            // turned the wrong way round the same picture is far off
            assertTrue(ImageDifference.mean(Images.upright(read, 3), reference) > 4 * error, name);
        }
    }

    /**
     * A grey PNG reads as the grey values it stores, in every bit depth and with alpha: ImageIO gives
     * such a picture Java's linear grey colour space, and converting that to RGB brightened it (a
     * stored 10 read as 56, a mid-grey 128 as 186), so a grey user photo was fused washed out.
     */
    @Test
    void aGreyPngReadsAsTheGreyItStores() throws IOException {
        int w = 256;
        int h = 8;
        BufferedImage eight = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage sixteen = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        java.awt.image.ComponentColorModel greyAlpha = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage withAlpha = new BufferedImage(greyAlpha, greyAlpha.createCompatibleWritableRaster(w, h), false, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                eight.getRaster().setSample(x, y, 0, x);
                sixteen.getRaster().setSample(x, y, 0, x * 257);
                withAlpha.getRaster().setSample(x, y, 0, x);
                withAlpha.getRaster().setSample(x, y, 1, 255 - y * 20);
            }
        }
        for (BufferedImage grey : List.of(eight, sixteen, withAlpha)) {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            assertTrue(ImageIO.write(grey, "png", png));
            RgbImage pixels = Images.pixels(png.toByteArray(), LIMITS);
            BufferedImage decoded = Images.decode(png.toByteArray(), LIMITS);
            for (int x = 0; x < w; x++) {
                int at = (3 * w + x) * 3;
                String what = grey.getColorModel().getComponentSize(0) + " bits" + (grey.getColorModel().hasAlpha() ? " and alpha" : "");
                assertEquals(x, pixels.rgb()[at] & 0xff, what + ", stored grey " + x);
                assertEquals(x, pixels.rgb()[at + 1] & 0xff, what + ", stored grey " + x);
                assertEquals(x, pixels.rgb()[at + 2] & 0xff, what + ", stored grey " + x);
                assertEquals(x * 0x010101, decoded.getRGB(x, 3) & 0xffffff, what + ", stored grey " + x);
            }
        }
    }

    /**
     * Looking for a PNG's orientation must not inflate its compressed text: a zTXt chunk of half a
     * gigabyte of zeros (a few hundred kilobytes to send; more than 2 GB fit in a few megabytes) is
     * walked past, allocating next to nothing, and the picture reads as any other. commons-imaging's
     * PNG metadata reader, used at first, inflated it all (and ran out of memory on 2 GB).
     */
    @Test
    void aPngWithATextBombReadsWithoutInflatingIt() throws IOException {
        byte[] bomb = withChunkBeforeEnd(blankPng(), "zTXt", compressed("Comment", zerosDeflated(32)));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertEquals(1, Images.exifOrientation(bomb));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 16_000_000, "the orientation looked for with " + allocated + " bytes allocated");
        assertEquals(new java.awt.Dimension(64, 48), Images.size(bomb, LIMITS));
        assertEquals(64, Images.pixels(bomb, LIMITS).width());
    }

    /** {@code png} with a chunk of {@code type} and {@code data} inserted before its IEND (with its CRC). */
    private static byte[] withChunkBeforeEnd(byte[] png, String type, byte[] data) {
        return withChunkAt(png, png.length - 12, type, data); // IEND: zero length, type, CRC
    }

    /** {@code png} with a chunk of {@code type} and {@code data} inserted at byte {@code at} (with its CRC). */
    private static byte[] withChunkAt(byte[] png, int at, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        crc.update(name);
        crc.update(data);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, at);
        System.arraycopy(chunk.array(), 0, out, at, chunk.capacity());
        System.arraycopy(png, at, out, at + chunk.capacity(), png.length - at);
        return out;
    }

    /**
     * A photo in Display P3 (an iPhone's, its ICC profile embedded) reads as the sRGB colours it shows.
     * sample3 converted to P3 and tagged reads back as sample3 (within the JPEG's own loss), as JPEG
     * (the profile in an APP2 segment) and PNG (a compressed iCCP chunk); a WebP with an ICCP chunk
     * reads as its pixels converted once (its reader converts; converting again would be twice).
     * Read as stored, as before, they were duller. sample1's own profile, the usual sRGB one cameras
     * embed, changes nothing.
     */
    @Test
    void aPhotoInDisplayP3ReadsAsTheColoursItShows() throws IOException {
        ICC_Profile p3 = ImageEdits.displayP3();
        byte[] profile = p3.getData();
        BufferedImage original = Images.decode(Photos.bytes("sample3"), LIMITS);
        BufferedImage inP3 = ImageEdits.inProfile(original, p3);

        byte[] plainJpeg = Images.encode(inP3, false, 0.95f);
        byte[] taggedJpeg = ImageEdits.withSegmentAfterStart(plainJpeg, 0xe2, ImageEdits.iccSegment(profile));
        double asStored = ImageDifference.mean(original, Images.decode(plainJpeg, LIMITS));
        double tagged = ImageDifference.mean(original, Images.decode(taggedJpeg, LIMITS));
        assertTrue(ColourProfile.toSrgb(taggedJpeg, Images.Format.JPEG) instanceof MatrixProfile, "converted here");
        assertTrue(asStored > 3, "P3 read as sRGB is off by " + asStored);
        assertTrue(tagged < asStored / 2 && tagged < 2, "the tagged JPEG is off by " + tagged + " (" + asStored
                + " as stored)");
        assertArrayEquals(RgbImage.of(Images.decode(taggedJpeg, LIMITS)).rgb(), Images.pixels(taggedJpeg, LIMITS).rgb());

        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(inP3, "png", png);
        byte[] taggedPng = withChunkAt(png.toByteArray(), 33, "iCCP", iccpChunk(profile)); // after IHDR
        double pngError = ImageDifference.mean(original, Images.decode(taggedPng, LIMITS));
        assertTrue(pngError < 1, "the tagged PNG is off by " + pngError);
        assertArrayEquals(RgbImage.of(Images.decode(taggedPng, LIMITS)).rgb(), Images.pixels(taggedPng, LIMITS).rgb());

        byte[] webp = Photos.resource("/photos/sample1.webp");
        BufferedImage converted = Images.decode(webp, LIMITS);
        new java.awt.image.ColorConvertOp(new ICC_ColorSpace(p3), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                .filter(Images.decode(webp, LIMITS).getRaster(), converted.getRaster());
        BufferedImage taggedWebp = Images.decode(withIccp(webp, profile), LIMITS);
        double once = ImageDifference.mean(converted, taggedWebp);
        double webpAsStored = ImageDifference.mean(Images.decode(webp, LIMITS), taggedWebp);
        assertTrue(once < 0.5 && webpAsStored > 1, "the tagged WebP is its pixels converted once: off by " + once
                + " from that, " + webpAsStored + " from them as stored");

        byte[] srgbTagged = Photos.bytes("sample1");
        assertNull(ColourProfile.toSrgb(srgbTagged, Images.Format.JPEG), "an sRGB profile is recognised and not applied");
        assertArrayEquals(JpegCodec.decodeRgb(srgbTagged, JpegCodec.header(srgbTagged)).rgb(),
                Images.pixels(srgbTagged, LIMITS).rgb());
    }

    /**
     * Matrix/TRC profiles are converted here, not by the JDK's colour management, and give what it
     * gives: sample3 in Display P3 with each kind of tone curve a profile may hold (a table, as the
     * JDK's sRGB profile has; a parametric curve, as Apple's Display P3 has; a single gamma, as Adobe
     * RGB has) converts within two levels of LittleCMS's answer everywhere.
     */
    @Test
    void matrixProfilesAreConvertedAsTheColourManagementConvertsThem() {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), LIMITS);
        ICC_Profile table = ImageEdits.displayP3();
        // type 3: sRGB's curve, Y = (aX + b)^g above d, cX below
        ICC_Profile parametric = withCurve(table, java.nio.ByteBuffer.allocate(32).putInt(0x70617261).putInt(0)
                .putShort((short) 3).putShort((short) 0).putInt(fixed(2.4)).putInt(fixed(1 / 1.055))
                .putInt(fixed(0.055 / 1.055)).putInt(fixed(1 / 12.92)).putInt(fixed(0.04045)).array());
        ICC_Profile gamma = withCurve(table, java.nio.ByteBuffer.allocate(14).putInt(0x63757276).putInt(0)
                .putInt(1).putShort((short) 563).array()); // 2.2 in u8Fixed8
        for (ICC_Profile profile : List.of(table, parametric, gamma)) {
            MatrixProfile matrix = MatrixProfile.of(profile);
            assertNotNull(matrix);
            BufferedImage ours = Images.decode(Photos.bytes("sample3"), LIMITS);
            matrix.apply(ours.getRaster());
            BufferedImage cmm = Images.decode(Photos.bytes("sample3"), LIMITS);
            new java.awt.image.ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    null).filter(photo.getRaster(), cmm.getRaster());
            int most = ImageDifference.largest(ours, cmm);
            assertTrue(most <= 2, "at most " + most + " levels from LittleCMS");
            assertTrue(ImageDifference.mean(photo, ours) > 2, "and the photo's colours moved");
        }
    }

    private static ICC_Profile withCurve(ICC_Profile profile, byte[] curve) {
        ICC_Profile copy = ICC_Profile.getInstance(profile.getData());
        for (int tag : new int[] {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag, ICC_Profile.icSigBlueTRCTag}) {
            copy.setData(tag, curve);
        }
        return ICC_Profile.getInstance(copy.getData());
    }

    private static int fixed(double value) {
        return (int) Math.round(value * 65536);
    }

    /**
     * A profile that cannot be used is ignored, as browsers do: a damaged one (random bytes), a grey
     * one on a colour photo, two where there should be one, and an iCCP chunk that inflates to
     * gigabytes (not inflated past 4 MB).
     */
    @Test
    void aProfileThatCannotBeUsedIsIgnored() throws IOException {
        byte[] jpeg = Images.encode(Images.decode(Photos.bytes("sample1"), LIMITS), false, 0.9f);
        byte[] plain = Images.pixels(jpeg, LIMITS).rgb();
        byte[] damaged = new byte[3000];
        new java.util.Random(7).nextBytes(damaged);
        byte[] grey = ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData();
        for (byte[] profile : List.of(damaged, grey)) {
            byte[] tagged = ImageEdits.withSegmentAfterStart(jpeg, 0xe2, ImageEdits.iccSegment(profile));
            assertArrayEquals(plain, Images.pixels(tagged, LIMITS).rgb());
        }
        // two profiles, each numbered chunk 1 of 1: ImageIO's reader refuses the file ("Invalid icc profile:
        // duplicate sequence numbers"), libjpeg-turbo and browsers show it
        byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] twice = ImageEdits.withSegmentAfterStart(ImageEdits.withSegmentAfterStart(jpeg, 0xe2, ImageEdits.iccSegment(srgb)), 0xe2, ImageEdits.iccSegment(srgb));
        assertThrows(javax.imageio.IIOException.class, () -> ImageIO.read(new ByteArrayInputStream(twice)));
        assertArrayEquals(plain, Images.pixels(twice, LIMITS).rgb());
        assertEquals(Images.size(jpeg, LIMITS), Images.size(twice, LIMITS));

        byte[] tagged = withChunkAt(blankPng(), 33, "iCCP", compressed("P3", zerosDeflated(64)));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertNull(ColourProfile.toSrgb(tagged, Images.Format.PNG));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 64_000_000, "the profile looked for with " + allocated + " bytes allocated");
    }

    /** An iCCP chunk's data: a name, a zero, compression method 0, the profile deflated. */
    private static byte[] iccpChunk(byte[] profile) throws IOException {
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated)) {
            out.write(profile);
        }
        return compressed("P3", deflated.toByteArray());
    }

    /** A compressed PNG chunk's data (zTXt, iCCP): the keyword, a zero, compression method 0, the deflated bytes. */
    private static byte[] compressed(String keyword, byte[] deflated) {
        byte[] name = keyword.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return java.nio.ByteBuffer.allocate(name.length + 2 + deflated.length).put(name).put((byte) 0).put((byte) 0)
                .put(deflated).array();
    }

    /** {@code blocks} × 16 MB of zeros, deflated: a few hundred kilobytes that inflate to gigabytes. */
    private static byte[] zerosDeflated(int blocks) {
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
        byte[] zeros = new byte[1 << 24];
        byte[] out = new byte[1 << 16];
        for (int i = 0; i < blocks; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                deflated.write(out, 0, deflater.deflate(out));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            deflated.write(out, 0, deflater.deflate(out));
        }
        deflater.end();
        return deflated.toByteArray();
    }

    /** A black 64 × 48 PNG. */
    private static byte[] blankPng() throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", png);
        return png.toByteArray();
    }

    /**
     * A simple WebP (RIFF, its VP8 chunk) in the extended layout with an ICCP chunk: a VP8X chunk
     * (flags: ICC profile; the canvas size less one, 24 bits each), the profile, then the VP8 chunk.
     */
    private static byte[] withIccp(byte[] webp, byte[] profile) {
        BufferedImage image = Images.decode(webp, LIMITS);
        byte[] vp8 = Arrays.copyOfRange(webp, 12, webp.length);
        int iccp = 8 + profile.length + (profile.length & 1);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(12 + 18 + iccp + vp8.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(out.capacity() - 8)
                .put("WEBP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.put("VP8X".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(10).put((byte) 0x20)
                .put(new byte[3]);
        for (int side : new int[] {image.getWidth() - 1, image.getHeight() - 1}) {
            out.put((byte) side).put((byte) (side >> 8)).put((byte) (side >> 16));
        }
        out.put("ICCP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(profile.length).put(profile);
        if ((profile.length & 1) == 1) {
            out.put((byte) 0);
        }
        return out.put(vp8).array();
    }

    /** Each of the tag's eight values undoes the turn or mirror it names (EXIF 2.3, Orientation). */
    @Test
    void everyOrientationTagTurnsItsImageUpright() {
        int[][] upright = {{1, 2, 3}, {4, 5, 6}}; // two rows of three
        // how each tag's image is stored: the upright picture under the tag's inverse transform
        int[][][] stored = {
            null,
            upright,
            {{3, 2, 1}, {6, 5, 4}},             // 2: mirrored left to right
            {{6, 5, 4}, {3, 2, 1}},             // 3: turned half a turn
            {{4, 5, 6}, {1, 2, 3}},             // 4: mirrored top to bottom
            {{1, 4}, {2, 5}, {3, 6}},           // 5: transposed
            {{3, 6}, {2, 5}, {1, 4}},           // 6: turned a quarter counter-clockwise (shown turned clockwise)
            {{6, 3}, {5, 2}, {4, 1}},           // 7: transversed
            {{4, 1}, {5, 2}, {6, 3}},           // 8: turned a quarter clockwise (shown turned counter-clockwise)
        };
        for (int tag = 1; tag <= 8; tag++) {
            BufferedImage read = Images.upright(image(stored[tag]), tag);
            assertEquals(3, read.getWidth(), "tag " + tag);
            assertEquals(2, read.getHeight(), "tag " + tag);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(upright[y][x], read.getRGB(x, y) & 0xff, "tag " + tag + " at " + x + "," + y);
                }
            }
        }
    }

    private static BufferedImage image(int[][] rows) {
        BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length; x++) {
                image.setRGB(x, y, rows[y][x]);
            }
        }
        return image;
    }

    /**
     * A progressive JPEG (about ten scans) reads as any other; one whose scans run to hundreds, a
     * decoding-time bomb of a few kilobytes, is refused before any pixel is decoded.
     */
    @Test
    void aJpegOfTooManyScansIsRefused() throws IOException {
        BufferedImage photo = Images.decode(Photos.bytes("sample3"), LIMITS);
        byte[] progressive = ImageEdits.progressiveJpeg(photo);
        int scans = JpegCodec.header(progressive).scans();
        assertTrue(scans > 2 && scans < 20, scans + " scans");
        assertEquals(1, JpegCodec.header(Photos.bytes("sample3")).scans());
        BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(progressive));
        assertArrayEquals(jdk.getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()),
                Images.decode(progressive, LIMITS).getRGB(0, 0, jdk.getWidth(), jdk.getHeight(), null, 0, jdk.getWidth()));

        byte[] bomb = ImageEdits.jpegWithRepeatedScans(progressive, Images.MAX_JPEG_SCANS);
        assertEquals(scans + Images.MAX_JPEG_SCANS, JpegCodec.header(bomb).scans());
        ApiException refused = assertThrows(ApiException.class, () -> Images.pixels(bomb, LIMITS));
        assertEquals(ErrorCode.ImageDecodeFailed, refused.code());
    }
}
