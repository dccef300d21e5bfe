package io.facefuse.images;

import io.facefuse.models.RgbImage;

import java.util.Arrays;

/**
 * The DCT perceptual hash (pHash): 64 bits that stay nearly the same when an image is scaled,
 * re-encoded or slightly recoloured, so near-copies of a known image are found by Hamming distance.
 * The image is averaged down to 32×32 grey, transformed by a 2-D DCT, and each of the 8×8 lowest
 * frequencies becomes one bit: above or below their median.
 */
public final class PerceptualHash {

    private static final int SIZE = 32;
    private static final int LOW = 8;
    private static final double[][] COSINES = cosines();

    private PerceptualHash() {
    }

    /** The hash of an image and that of its left-right mirror, so a mirrored copy is found too. */
    public record Hashes(long hash, long mirror) {
    }

    public static long of(RgbImage image) {
        return hash(grey(image));
    }

    public static Hashes both(RgbImage image) {
        double[] grey = grey(image);
        double[] mirrored = new double[grey.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                mirrored[y * SIZE + x] = grey[y * SIZE + SIZE - 1 - x];
            }
        }
        return new Hashes(hash(grey), hash(mirrored));
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static long hash(double[] grey) {
        double[] low = new double[LOW * LOW];
        for (int u = 0; u < LOW; u++) {
            for (int v = 0; v < LOW; v++) {
                double sum = 0;
                for (int y = 0; y < SIZE; y++) {
                    double row = 0;
                    for (int x = 0; x < SIZE; x++) {
                        row += grey[y * SIZE + x] * COSINES[v][x];
                    }
                    sum += row * COSINES[u][y];
                }
                low[u * LOW + v] = sum;
            }
        }
        // the DC term only says how bright the image is: leave it out of the median
        double[] sorted = Arrays.copyOfRange(low, 1, low.length);
        Arrays.sort(sorted);
        double median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        long bits = 0;
        for (int i = 0; i < low.length; i++) {
            if (low[i] > median) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /**
     * Box-averaged 32×32 luma; each cell covers its share of the image whatever the aspect ratio.
     * Large images are sampled on a sparser grid (still about 100 samples a cell), which changes
     * the averages by far less than a bit's margin and saves most of the time.
     */
    private static double[] grey(RgbImage image) {
        double[] sums = new double[SIZE * SIZE];
        int[] counts = new int[SIZE * SIZE];
        byte[] rgb = image.rgb();
        int w = image.width();
        int h = image.height();
        int step = Math.max(1, Math.min(w, h) / 320);
        for (int y = 0; y < h; y += step) {
            int cy = (int) ((long) y * SIZE / h);
            for (int x = 0; x < w; x += step) {
                int cx = (int) ((long) x * SIZE / w);
                int i = (y * w + x) * 3;
                sums[cy * SIZE + cx] += 0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff);
                counts[cy * SIZE + cx]++;
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = counts[i] == 0 ? 0 : sums[i] / counts[i];
        }
        return sums;
    }

    private static double[][] cosines() {
        double[][] table = new double[LOW][SIZE];
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                table[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
            }
        }
        return table;
    }
}
