package io.facefuse.moderation;

import io.facefuse.numerics.WalshHadamard;

import java.util.UUID;

/**
 * The feature library's faces in memory. Each embedding is kept as 1024 signed bytes (the unit
 * vector × 127, cosine error about 0.002) in one contiguous array, and as a 1024-bit sign code of
 * a random rotation of it (SimHash: two vectors at angle θ differ in each bit with probability θ/π).
 * A lookup compares codes first (16 popcounts an entry) and computes the exact cosine only for
 * entries whose code is close enough to possibly reach their threshold; the bound sits six standard
 * deviations above the expected distance, so a true match is skipped with probability under 1e-8.
 * Small libraries are scanned exactly. Immutable: a change builds a new index and swaps it in, so
 * lookups never lock.
 */
public final class FaceIndex {

    public static final int DIMENSIONS = 1024;
    private static final double UNIT = 127.0 * 127.0;
    private static final int CODE_LONGS = DIMENSIONS / 64;
    /** Below this many entries the exact scan is as fast as comparing codes. */
    static final int PREFILTER_FROM = 4096;
    /** Three random sign flips, each followed by a Walsh-Hadamard transform: a fast random rotation. */
    private static final float[][] SIGNS = signs();

    /** The closest entry and its cosine similarity, or null entry when the index is empty. */
    public record Nearest(UUID entry, double similarity, double threshold) {
        public boolean matches() {
            return entry != null && similarity >= threshold;
        }
    }

    private final byte[] vectors;
    private final UUID[] ids;
    private final double[] thresholds;
    private final long[] codes;
    private final int[] maxBits;

    public FaceIndex(byte[] vectors, UUID[] ids, double[] thresholds) {
        if (vectors.length != ids.length * DIMENSIONS || thresholds.length != ids.length) {
            throw new IllegalArgumentException("vectors, ids and thresholds disagree in size");
        }
        this.vectors = vectors;
        this.ids = ids;
        this.thresholds = thresholds;
        this.codes = new long[ids.length * CODE_LONGS];
        this.maxBits = new int[ids.length];
        byte[] one = new byte[DIMENSIONS];
        for (int e = 0; e < ids.length; e++) {
            System.arraycopy(vectors, e * DIMENSIONS, one, 0, DIMENSIONS);
            System.arraycopy(code(one), 0, codes, e * CODE_LONGS, CODE_LONGS);
            maxBits[e] = maxBits(thresholds[e]);
        }
    }

    public static FaceIndex empty() {
        return new FaceIndex(new byte[0], new UUID[0], new double[0]);
    }

    public int size() {
        return ids.length;
    }

    /** A unit embedding as the bytes the index and the database keep. */
    public static byte[] quantize(float[] unit) {
        if (unit.length != DIMENSIONS) {
            throw new IllegalArgumentException("an embedding has " + DIMENSIONS + " values, not " + unit.length);
        }
        byte[] out = new byte[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            out[i] = (byte) Math.max(-127, Math.min(127, Math.round(unit[i] * 127)));
        }
        return out;
    }

    /**
     * The entry with the highest similarity relative to its own threshold, so an entry with a
     * stricter threshold is not hidden by a closer one that does not match.
     */
    public Nearest nearest(byte[] query) {
        boolean prefilter = ids.length >= PREFILTER_FROM;
        long[] queryCode = prefilter ? code(query) : null;
        UUID best = null;
        double bestSimilarity = -1;
        double bestThreshold = 1;
        double bestMargin = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < ids.length; e++) {
            if (prefilter && hamming(queryCode, e) > maxBits[e]) {
                continue;
            }
            int offset = e * DIMENSIONS;
            int dot = 0;
            for (int i = 0; i < DIMENSIONS; i++) {
                dot += query[i] * vectors[offset + i];
            }
            double similarity = dot / UNIT;
            double margin = similarity - thresholds[e];
            if (margin > bestMargin) {
                bestMargin = margin;
                best = ids[e];
                bestSimilarity = similarity;
                bestThreshold = thresholds[e];
            }
        }
        return new Nearest(best, bestSimilarity, bestThreshold);
    }

    private int hamming(long[] query, int entry) {
        int offset = entry * CODE_LONGS;
        int bits = 0;
        for (int i = 0; i < CODE_LONGS; i++) {
            bits += Long.bitCount(query[i] ^ codes[offset + i]);
        }
        return bits;
    }

    /** The most differing code bits at which an entry of this threshold can still match. */
    static int maxBits(double threshold) {
        double p = Math.acos(Math.max(-1, Math.min(1, threshold))) / Math.PI;
        return (int) Math.ceil(DIMENSIONS * p + 6 * Math.sqrt(DIMENSIONS * p * (1 - p)) + 8);
    }

    /** The sign bits of the rotated vector. */
    static long[] code(byte[] vector) {
        float[] x = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            x[i] = vector[i];
        }
        for (float[] signs : SIGNS) {
            for (int i = 0; i < DIMENSIONS; i++) {
                x[i] *= signs[i];
            }
            WalshHadamard.transform(x);
        }
        long[] bits = new long[CODE_LONGS];
        for (int i = 0; i < DIMENSIONS; i++) {
            if (x[i] > 0) {
                bits[i >> 6] |= 1L << (i & 63);
            }
        }
        return bits;
    }

    private static float[][] signs() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x5EED_FACEL); // fixed: codes must agree
        float[][] signs = new float[3][DIMENSIONS];
        for (float[] round : signs) {
            for (int i = 0; i < DIMENSIONS; i++) {
                round[i] = random.nextBoolean() ? 1f : -1f;
            }
        }
        return signs;
    }

    /** This index with one more entry. */
    public FaceIndex with(UUID id, byte[] vector, double threshold) {
        byte[] grown = java.util.Arrays.copyOf(vectors, vectors.length + DIMENSIONS);
        System.arraycopy(vector, 0, grown, vectors.length, DIMENSIONS);
        UUID[] moreIds = java.util.Arrays.copyOf(ids, ids.length + 1);
        moreIds[ids.length] = id;
        double[] moreThresholds = java.util.Arrays.copyOf(thresholds, thresholds.length + 1);
        moreThresholds[thresholds.length] = threshold;
        return new FaceIndex(grown, moreIds, moreThresholds);
    }
}
