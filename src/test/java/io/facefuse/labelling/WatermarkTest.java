package io.facefuse.labelling;

import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invisible watermark: invisible enough, robust to the attacks, silent on unmarked photos. */
class WatermarkTest {

    private static final Watermark WATERMARK = new Watermark("test-only watermark key 000000000".getBytes());
    /**
     * The six 1920-px samples and ten photos of sky, grey scale, near-black space and fine texture,
     * 300 to 1411 px on the shorter side (src/test/resources/photos/README.md).
     */
    static final List<String> PHOTOS = List.of("sample1", "sample2", "sample3", "sample4", "sample5", "sample6",
            "more/astronaut", "more/camera", "more/chelsea", "more/coffee", "more/rocket", "more/hubble",
            "more/retina", "more/brick", "more/gravel", "more/grass");

    static Map<String, UnaryOperator<BufferedImage>> attacks() {
        Map<String, UnaryOperator<BufferedImage>> attacks = new LinkedHashMap<>();
        attacks.put("none", i -> i);
        attacks.put("jpeg q50", i -> jpeg(i, 0.5f));
        attacks.put("scale 50%", i -> scale(i, 0.5));
        attacks.put("crop 10% left", i -> i.getSubimage(i.getWidth() / 10, 0, i.getWidth() - i.getWidth() / 10, i.getHeight()));
        attacks.put("crop 10% top", i -> i.getSubimage(0, i.getHeight() / 10, i.getWidth(), i.getHeight() - i.getHeight() / 10));
        attacks.put("crop 10% right", i -> i.getSubimage(0, 0, i.getWidth() - i.getWidth() / 10, i.getHeight()));
        attacks.put("crop 10% bottom", i -> i.getSubimage(0, 0, i.getWidth(), i.getHeight() - i.getHeight() / 10));
        attacks.put("brightness +20%", i -> tone(i, 1.2, 0));
        attacks.put("brightness -20%", i -> tone(i, 0.8, 0));
        attacks.put("contrast +20%", i -> tone(i, 1.2, -0.2 * 128));
        attacks.put("contrast -20%", i -> tone(i, 0.8, 0.2 * 128));
        attacks.put("blur 1 px", WatermarkTest::blur);
        return attacks;
    }

    /**
     * Every photo, marked with its own payload, survives each attack of the labelling issue; the same
     * attacks on the unmarked photos never produce a detection; every marked photo keeps a PSNR of at
     * least 40 dB.
     */
    @Test
    void theMarkSurvivesEveryAttackAndNeverAppearsOnUnmarkedPhotos() {
        String failures = PHOTOS.parallelStream().map(WatermarkTest::failuresOn).collect(Collectors.joining());
        assertEquals("", failures);
    }

    private static String failuresOn(String name) {
        StringBuilder failures = new StringBuilder();
        BufferedImage original = read(name);
        BufferedImage marked = copy(original);
        long payload = name.hashCode() * 0x9E3779B97F4A7C15L;
        WATERMARK.embed(marked, payload);
        double psnr = psnr(original, marked);
        if (psnr < 40) {
            failures.append(name).append(" PSNR ").append(psnr).append("; ");
        }
        for (Map.Entry<String, UnaryOperator<BufferedImage>> attack : attacks().entrySet()) {
            OptionalLong found = WATERMARK.detect(attack.getValue().apply(copy(marked)));
            if (found.isEmpty() || found.getAsLong() != payload) {
                failures.append(name).append(" after ").append(attack.getKey()).append("; ");
            }
            if (WATERMARK.detect(attack.getValue().apply(copy(original))).isPresent()) {
                failures.append("FALSE POSITIVE on unmarked ").append(name).append(" after ").append(attack.getKey()).append("; ");
            }
        }
        return failures.toString();
    }

    /** The per-pixel passes run on however many threads there are; the mark is the same bit for bit. */
    @Test
    void theMarkIsTheSameOnOneThreadAndOnMany() throws Exception {
        BufferedImage original = read("sample2");
        BufferedImage onMany = copy(original);
        WATERMARK.embed(onMany, 42L);
        BufferedImage onOne = copy(original);
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            // a parallel stream runs in the pool of the task that starts it
            one.submit(() -> WATERMARK.embed(onOne, 42L)).get();
        } finally {
            one.shutdown();
        }
        int w = original.getWidth();
        int h = original.getHeight();
        assertArrayEquals(onOne.getRGB(0, 0, w, h, null, 0, w), onMany.getRGB(0, 0, w, h, null, 0, w));
        assertTrue(psnr(original, onMany) < 80, "the image was marked");
    }

    static BufferedImage read(String name) {
        try {
            return ImageIO.read(new ByteArrayInputStream(Photos.resource("/photos/" + name + ".jpg")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A social network resizes to its own width (a 1920-px photo to 1080 px: 56.25%), which lies
     * between the sizes the detector searches first; the fine search must still find the grid.
     */
    @Test
    void aRescaleToAnOddSizeIsFound() {
        BufferedImage marked = copy(read("sample3"));
        WATERMARK.embed(marked, 0x0123456789ABCDEFL);
        for (double factor : new double[]{1080 / 1920.0, 0.7071, 0.9333}) {
            assertEquals(OptionalLong.of(0x0123456789ABCDEFL), WATERMARK.detect(scale(marked, factor)), "scaled by " + factor);
        }
    }

    /** Packed RGB is marked in place, any other layout through a copy: both give the same pixels. */
    @Test
    void everyPixelLayoutIsMarkedAlike() {
        BufferedImage packed = copy(read("sample4"));
        BufferedImage bgr = new BufferedImage(packed.getWidth(), packed.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(packed, 0, 0, null);
        WATERMARK.embed(packed, 77);
        WATERMARK.embed(bgr, 77);
        assertTrue(psnr(read("sample4"), packed) < 60, "the packed image was changed");
        assertEquals(Double.POSITIVE_INFINITY, psnr(packed, bgr), "same pixels either way");
        assertEquals(OptionalLong.of(77), WATERMARK.detect(bgr));
    }

    /** A 3840×2560 image is read at half size (box averages keep the cells' means), recompressed or not. */
    @Test
    void aLargeImageIsReadAtAReducedSize() {
        BufferedImage large = copy(scale(read("sample1"), 2.0));
        WATERMARK.embed(large, 0x1A2B3C4D5E6F7081L);
        assertEquals(OptionalLong.of(0x1A2B3C4D5E6F7081L), WATERMARK.detect(large));
        assertEquals(OptionalLong.of(0x1A2B3C4D5E6F7081L), WATERMARK.detect(jpeg(large, 0.5f)));
        assertEquals(OptionalLong.of(0x1A2B3C4D5E6F7081L), WATERMARK.detect(large.getSubimage(384, 0, 3456, 2560)), "cropped 10% left");
    }

    /** Under one tile of cells there is nothing a detector could read: left as it is, not refused. */
    @Test
    void anImageTooSmallForATileIsLeftUnmarked() {
        BufferedImage tiny = copy(scale(read("sample1"), 48 / 1920.0));
        BufferedImage marked = copy(tiny);
        WATERMARK.embed(marked, 5);
        assertEquals(Double.POSITIVE_INFINITY, psnr(tiny, marked));
        assertTrue(WATERMARK.detect(marked).isEmpty());
    }

    /** A single flat colour has no texture to hide in and no content to cancel: still marked within the PSNR floor, and read. */
    @Test
    void aFlatImageIsMarkedAndRead() {
        BufferedImage flat = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = flat.createGraphics();
        g.setColor(new java.awt.Color(120, 130, 140));
        g.fillRect(0, 0, 600, 400);
        g.dispose();
        BufferedImage marked = copy(flat);
        WATERMARK.embed(marked, 0x5EEDL);
        assertTrue(psnr(flat, marked) >= 40, "PSNR " + psnr(flat, marked));
        assertEquals(OptionalLong.of(0x5EEDL), WATERMARK.detect(marked));
    }

    @Test
    void anotherKeyReadsNothing() throws IOException {
        BufferedImage marked = ImageIO.read(new ByteArrayInputStream(Photos.bytes("sample1")));
        WATERMARK.embed(marked, 42);
        assertEquals(OptionalLong.of(42), WATERMARK.detect(marked));
        assertTrue(new Watermark("another key, another pattern 0000".getBytes()).detect(marked).isEmpty());
    }

    static double psnr(BufferedImage a, BufferedImage b) {
        double se = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    double d = ((p >> s) & 0xff) - ((q >> s) & 0xff);
                    se += d * d;
                    n++;
                }
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }

    static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }

    static BufferedImage jpeg(BufferedImage image, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var out = ImageIO.createImageOutputStream(bytes)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.setOutput(out);
                writer.write(null, new IIOImage(copy(image), null, null), param);
            }
            writer.dispose();
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage scale(BufferedImage image, double factor) {
        int w = (int) Math.round(image.getWidth() * factor);
        int h = (int) Math.round(image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static BufferedImage tone(BufferedImage image, double gain, double offset) {
        BufferedImage out = copy(image);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int p = out.getRGB(x, y);
                int r = (int) Math.max(0, Math.min(255, Math.round(((p >> 16) & 0xff) * gain + offset)));
                int g = (int) Math.max(0, Math.min(255, Math.round(((p >> 8) & 0xff) * gain + offset)));
                int b = (int) Math.max(0, Math.min(255, Math.round((p & 0xff) * gain + offset)));
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** A one-pixel blur: the 3x3 binomial kernel. */
    static BufferedImage blur(BufferedImage image) {
        float[] k = {1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f};
        return new java.awt.image.ConvolveOp(new java.awt.image.Kernel(3, 3, k), java.awt.image.ConvolveOp.EDGE_NO_OP, null)
                .filter(copy(image), null);
    }
}
