package io.facefuse.labelling;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * An invisible watermark carrying a 64-bit payload, keyed by a secret, meant to survive what social
 * networks do to images: recompression, rescaling, cropping, brightness and contrast changes, blur.
 *
 * <p>How: the image is seen at a normalised scale (shorter side {@value #NORMALIZED} px) divided into
 * cells of {@value #CELL} px; a tile of {@value #TILE}×{@value #TILE} cells repeats over the image.
 * Each cell of the tile holds a sum of keyed ±1 patterns: one for synchronisation and one per message
 * bit, signed by the bit. The message is the payload and a {@value #TAG_BITS}-bit HMAC tag of it. The
 * pattern is added to the luminance, one value per cell, scaled by local texture, at an amplitude
 * that keeps PSNR above 40 dB.
 *
 * <p>Detection tries a range of scales (cropping changes the shorter side) and half-cell phases,
 * averages each cell position over all tiles (so the photo's content cancels and the mark adds up),
 * finds the tile's offset by circular correlation with the synchronisation pattern, and reads each
 * bit as the sign of its pattern's correlation. The {@value #FLIPPABLE} least certain bits may be
 * flipped, every combination tried, and a payload is reported only if its 48-bit tag then verifies:
 * a false detection on an unmarked image needs one of 2^10 random 48-bit words to match, probability
 * 2^10 / 2^48 = 2^-38 (about 4e-12) per image, by construction, whatever the image.
 */
public final class Watermark {

    static final int NORMALIZED = 512;
    static final int CELL = 2;
    static final int TILE = 32;
    static final int PAYLOAD_BITS = 64;
    static final int TAG_BITS = 48;
    /** Bits of least confidence that decoding may flip, trying every combination against the tag. */
    static final int FLIPPABLE = 10;
    static final int BITS = PAYLOAD_BITS + TAG_BITS;
    static final double TARGET_RMS = 2.4;
    private static final int CELLS = TILE * TILE;
    private static final double MIN_SCALE = 0.84;
    private static final double MAX_SCALE = 1.06;
    private static final double SCALE_STEP = 0.01;

    private final byte[] key;
    private final float[] sync;
    private final float[][] bitPatterns;

    public Watermark(byte[] key) {
        this.key = key.clone();
        SplittableRandom random = new SplittableRandom(ByteBuffer.wrap(hmac("facefuse-watermark-patterns".getBytes(
                StandardCharsets.US_ASCII))).getLong());
        sync = pattern(random);
        bitPatterns = new float[BITS][];
        for (int i = 0; i < BITS; i++) {
            bitPatterns[i] = pattern(random);
        }
    }

    /** Marks {@code image} in place with {@code payload}. */
    public void embed(BufferedImage image, long payload) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] message = message(payload);
        float[] tile = new float[CELLS];
        // the sync pattern needs little energy (its correlation peak is found among 1024 shifts);
        // the rest goes to the message bits
        double syncWeight = 0.35;
        double bitWeight = Math.sqrt(1 - syncWeight * syncWeight) / Math.sqrt(BITS);
        for (int c = 0; c < CELLS; c++) {
            double v = syncWeight * sync[c];
            for (int i = 0; i < BITS; i++) {
                v += (message[i] ? bitWeight : -bitWeight) * bitPatterns[i][c];
            }
            tile[c] = (float) v;
        }
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] mask = textureMask(rgb, w, h);
        double cellsPerPixel = NORMALIZED / (double) Math.min(w, h) / CELL;
        float[] delta = new float[w * h];
        double energy = 0;
        for (int y = 0; y < h; y++) {
            int row = Math.floorMod((int) Math.floor(y * cellsPerPixel), TILE) * TILE;
            for (int x = 0; x < w; x++) {
                // one value per cell: a cell's mean carries its whole value however the image is resampled
                float d = tile[row + Math.floorMod((int) Math.floor(x * cellsPerPixel), TILE)] * mask[y * w + x];
                delta[y * w + x] = d;
                energy += d * d;
            }
        }
        double amplitude = TARGET_RMS / Math.sqrt(energy / (w * (double) h));
        for (int i = 0; i < rgb.length; i++) {
            int add = (int) Math.round(delta[i] * amplitude);
            int p = rgb[i];
            rgb[i] = (clamp(((p >> 16) & 0xff) + add) << 16) | (clamp(((p >> 8) & 0xff) + add) << 8)
                    | clamp((p & 0xff) + add);
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
    }

    /** The payload, if the image carries a mark made with this key. */
    public OptionalLong detect(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] integral = lumaIntegral(image.getRGB(0, 0, w, h, null, 0, w), w, h);
        float[] bestFold = null;
        int bestShift = 0;
        double bestScore = 0;
        for (double s = MIN_SCALE; s <= MAX_SCALE + 1e-9; s += SCALE_STEP) {
            double cellPx = CELL * Math.min(w, h) / (s * NORMALIZED);
            for (int phase = 0; phase < 4; phase++) { // half-cell phases, each axis on its own
                float[] fold = fold(integral, w, h, cellPx, (phase & 1) * 0.5, (phase >> 1) * 0.5);
                if (fold == null) {
                    continue;
                }
                double[] best = bestShift(fold);
                if (best[1] > bestScore) {
                    bestScore = best[1];
                    bestShift = (int) best[0];
                    bestFold = fold;
                }
            }
        }
        if (bestFold == null) {
            return OptionalLong.empty();
        }
        boolean[] bits = new boolean[BITS];
        double[] confidence = new double[BITS];
        int dx = bestShift % TILE;
        int dy = bestShift / TILE;
        for (int i = 0; i < BITS; i++) {
            double c = 0;
            for (int cy = 0; cy < TILE; cy++) {
                for (int cx = 0; cx < TILE; cx++) {
                    c += bestFold[((cy + dy) % TILE) * TILE + (cx + dx) % TILE] * bitPatterns[i][cy * TILE + cx];
                }
            }
            bits[i] = c > 0;
            confidence[i] = Math.abs(c);
        }
        long payload = 0;
        for (int i = 0; i < PAYLOAD_BITS; i++) {
            payload = (payload << 1) | (bits[i] ? 1 : 0);
        }
        // list decoding: flip any subset of the least certain bits (payload or tag), keep what the
        // tag confirms; with a 48-bit tag, 2^10 tries leave a false match below 2^-38
        Integer[] order = new Integer[BITS];
        for (int i = 0; i < BITS; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(confidence[a], confidence[b]));
        for (int flips = 0; flips < (1 << FLIPPABLE); flips++) {
            boolean[] candidate = bits.clone();
            for (int k = 0; k < FLIPPABLE; k++) {
                if ((flips & (1 << k)) != 0) {
                    candidate[order[k]] = !candidate[order[k]];
                }
            }
            long value = 0;
            for (int i = 0; i < PAYLOAD_BITS; i++) {
                value = (value << 1) | (candidate[i] ? 1 : 0);
            }
            if (tagMatches(value, Arrays.copyOfRange(candidate, PAYLOAD_BITS, BITS))) {
                return OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }

    /** The tag's bits are decoded too and may hold errors; it must match them exactly. */
    private boolean tagMatches(long payload, boolean[] tagBits) {
        boolean[] expected = message(payload);
        for (int i = 0; i < TAG_BITS; i++) {
            if (expected[PAYLOAD_BITS + i] != tagBits[i]) {
                return false;
            }
        }
        return true;
    }

    /** Cell means of the luminance (high-passed against their neighbours), summed per tile position. */
    private static float[] fold(double[] integral, int w, int h, double cellPx, double phaseX, double phaseY) {
        int cols = (int) Math.floor(w / cellPx - phaseX);
        int rows = (int) Math.floor(h / cellPx - phaseY);
        if (cols < TILE || rows < TILE) {
            return null;
        }
        double[] cells = new double[cols * rows];
        for (int j = 0; j < rows; j++) {
            double y0 = (j + phaseY) * cellPx;
            for (int i = 0; i < cols; i++) {
                double x0 = (i + phaseX) * cellPx;
                cells[j * cols + i] = areaMean(integral, w, x0, y0, x0 + cellPx, y0 + cellPx);
            }
        }
        // residual of each cell against its eight neighbours: the photo's smooth content drops out
        double[] residual = new double[cols * rows];
        for (int j = 1; j < rows - 1; j++) {
            for (int i = 1; i < cols - 1; i++) {
                double sum = 0;
                for (int b = -1; b <= 1; b++) {
                    for (int a = -1; a <= 1; a++) {
                        sum += cells[(j + b) * cols + i + a];
                    }
                }
                residual[j * cols + i] = cells[j * cols + i] - (sum - cells[j * cols + i]) / 8;
            }
        }
        // divide by the local residual energy, so busy texture (loud, but where the mark is no
        // stronger than its noise) does not drown the quiet areas
        double[] squared = new double[(cols + 1) * (rows + 1)];
        for (int j = 0; j < rows; j++) {
            double row = 0;
            for (int i = 0; i < cols; i++) {
                double r = residual[j * cols + i];
                row += r * r;
                squared[(j + 1) * (cols + 1) + i + 1] = squared[j * (cols + 1) + i + 1] + row;
            }
        }
        float[] fold = new float[CELLS];
        int radius = 3;
        for (int j = 1; j < rows - 1; j++) {
            int j0 = Math.max(0, j - radius);
            int j1 = Math.min(rows, j + radius + 1);
            for (int i = 1; i < cols - 1; i++) {
                int i0 = Math.max(0, i - radius);
                int i1 = Math.min(cols, i + radius + 1);
                double energy = (squared[j1 * (cols + 1) + i1] - squared[j0 * (cols + 1) + i1]
                        - squared[j1 * (cols + 1) + i0] + squared[j0 * (cols + 1) + i0]) / ((j1 - j0) * (i1 - i0));
                fold[(j % TILE) * TILE + (i % TILE)] += (float) (residual[j * cols + i] / Math.sqrt(energy + 0.25));
            }
        }
        return fold;
    }

    /** The tile offset whose circular correlation with the sync pattern peaks, and the peak in standard deviations. */
    private double[] bestShift(float[] fold) {
        double[] corr = new double[CELLS];
        double sum = 0;
        double sumSq = 0;
        for (int dy = 0; dy < TILE; dy++) {
            for (int dx = 0; dx < TILE; dx++) {
                double c = 0;
                for (int cy = 0; cy < TILE; cy++) {
                    int row = ((cy + dy) % TILE) * TILE;
                    int syncRow = cy * TILE;
                    for (int cx = 0; cx < TILE; cx++) {
                        c += fold[row + (cx + dx) % TILE] * sync[syncRow + cx];
                    }
                }
                corr[dy * TILE + dx] = c;
                sum += c;
                sumSq += c * c;
            }
        }
        double mean = sum / CELLS;
        double std = Math.sqrt(Math.max(sumSq / CELLS - mean * mean, 1e-12));
        int best = 0;
        for (int k = 1; k < CELLS; k++) {
            if (corr[k] > corr[best]) {
                best = k;
            }
        }
        return new double[]{best, (corr[best] - mean) / std};
    }

    private boolean[] message(long payload) {
        boolean[] bits = new boolean[BITS];
        for (int i = 0; i < PAYLOAD_BITS; i++) {
            bits[i] = ((payload >>> (PAYLOAD_BITS - 1 - i)) & 1) == 1;
        }
        byte[] tag = hmac(ByteBuffer.allocate(8).putLong(payload).array());
        for (int i = 0; i < TAG_BITS; i++) {
            bits[PAYLOAD_BITS + i] = ((tag[i / 8] >> (7 - i % 8)) & 1) == 1;
        }
        return bits;
    }

    private static float[] pattern(SplittableRandom random) {
        float[] p = new float[CELLS];
        for (int i = 0; i < CELLS; i++) {
            p[i] = random.nextBoolean() ? 1f : -1f;
        }
        return p;
    }

    /** More change where the photo is busy, less where it is flat, so the mark stays out of sight. */
    private static float[] textureMask(int[] rgb, int w, int h) {
        int block = Math.max(4, Math.min(w, h) / 128);
        int bw = (w + block - 1) / block;
        int bh = (h + block - 1) / block;
        double[] std = new double[bw * bh];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                double s = 0;
                double s2 = 0;
                int n = 0;
                for (int y = by * block; y < Math.min(h, (by + 1) * block); y++) {
                    for (int x = bx * block; x < Math.min(w, (bx + 1) * block); x++) {
                        double l = luma(rgb[y * w + x]);
                        s += l;
                        s2 += l * l;
                        n++;
                    }
                }
                std[by * bw + bx] = Math.sqrt(Math.max(s2 / n - (s / n) * (s / n), 0));
            }
        }
        double[] sorted = std.clone();
        Arrays.sort(sorted);
        double median = Math.max(sorted[sorted.length / 2], 1);
        float[] mask = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mask[y * w + x] = (float) Math.min(2.0, Math.max(0.5, std[(y / block) * bw + x / block] / median));
            }
        }
        return mask;
    }

    private static double[] lumaIntegral(int[] rgb, int w, int h) {
        double[] integral = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += luma(rgb[y * w + x]);
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        return integral;
    }

    /** Mean luminance over a rectangle with fractional edges, from the integral image (nearest pixel edges). */
    private static double areaMean(double[] integral, int w, double x0, double y0, double x1, double y1) {
        int ax = (int) Math.round(x0);
        int ay = (int) Math.round(y0);
        int bx = Math.max(ax + 1, (int) Math.round(x1));
        int by = Math.max(ay + 1, (int) Math.round(y1));
        int stride = w + 1;
        double sum = integral[by * stride + bx] - integral[ay * stride + bx] - integral[by * stride + ax] + integral[ay * stride + ax];
        return sum / ((bx - ax) * (double) (by - ay));
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
