package io.facefuse.bench;

import io.facefuse.images.Images;
import io.facefuse.labelling.AigcRecord;
import io.facefuse.labelling.MetadataLabel;
import io.facefuse.labelling.VisibleLabel;
import io.facefuse.support.Photos;

import javax.imageio.ImageIO;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the labels on 720p, 1080p and 4K images: the visible label alone, the watermark, the JPEG
 * encode the labels force and the decode of what they are given (as the labelling function does
 * both: {@link Images}), and writing the metadata record (which does not re-encode).
 *
 * <pre>./mvnw -q test-compile exec:java@bench-labelling</pre>
 */
public final class LabellingBenchmark {

    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 15);

    private LabellingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(Photos.bytes("sample1")));
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; p50 of %d runs%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ITERATIONS);
        io.facefuse.labelling.Watermark watermark = new io.facefuse.labelling.Watermark("bench watermark key 0000000000000".getBytes());
        System.out.println("size        visible label   watermark embed   watermark detect   JPEG encode (q 0.92)   JPEG decode   metadata write   JPEG bytes");
        for (int[] size : new int[][]{{1280, 720}, {1920, 1080}, {3840, 2160}}) {
            BufferedImage image = scaled(source, size[0], size[1]);
            double visible = p50(() -> VisibleLabel.draw(copy(image), VisibleLabel.Language.ZH, VisibleLabel.Corner.BOTTOM_RIGHT));
            BufferedImage marked = copy(image);
            double embed = p50(() -> {
                watermark.embed(marked, 42L);
                return marked;
            });
            double detect = p50(() -> watermark.detect(marked));
            byte[][] jpeg = new byte[1][];
            double encode = p50(() -> jpeg[0] = Images.encode(image, false, 0.92f));
            double decode = p50(() -> Images.decode(jpeg[0], new Images.Limits(40_000_000, 16)));
            AigcRecord record = AigcRecord.produced("FACEFUSEBENCH00000000000000", "ffc_bench").signed("hmac-sha256:" + "0".repeat(64));
            double metadata = p50(() -> MetadataLabel.write(jpeg[0], record));
            System.out.printf(Locale.ROOT, "%4dx%-4d   %8.1f ms   %10.1f ms   %11.1f ms     %12.1f ms   %8.1f ms   %10.2f ms   %9d%n",
                    size[0], size[1], visible, embed, detect, encode, decode, metadata, jpeg[0].length);
        }
    }

    interface Work {
        Object run() throws Exception;
    }

    private static double p50(Work work) throws Exception {
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        double[] samples = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            work.run();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[ITERATIONS / 2];
    }

    private static BufferedImage scaled(BufferedImage source, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }
}
