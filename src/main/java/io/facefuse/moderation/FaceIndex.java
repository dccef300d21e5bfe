package io.facefuse.moderation;

import java.util.UUID;

/**
 * The feature library's faces in memory, for an exact nearest-entry search. Each embedding is kept
 * as 1024 signed bytes (the unit vector × 127, cosine error about 0.002), one contiguous array for
 * all entries, so a lookup is one pass of integer multiply-adds that the JIT vectorises. Immutable:
 * a change builds a new index and swaps it in, so lookups never lock.
 */
public final class FaceIndex {

    public static final int DIMENSIONS = 1024;
    private static final double UNIT = 127.0 * 127.0;

    /** The closest entry and its cosine similarity, or null entry when the index is empty. */
    public record Nearest(UUID entry, double similarity, double threshold) {
        public boolean matches() {
            return entry != null && similarity >= threshold;
        }
    }

    private final byte[] vectors;
    private final UUID[] ids;
    private final double[] thresholds;

    public FaceIndex(byte[] vectors, UUID[] ids, double[] thresholds) {
        if (vectors.length != ids.length * DIMENSIONS || thresholds.length != ids.length) {
            throw new IllegalArgumentException("vectors, ids and thresholds disagree in size");
        }
        this.vectors = vectors;
        this.ids = ids;
        this.thresholds = thresholds;
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
        UUID best = null;
        double bestSimilarity = -1;
        double bestThreshold = 1;
        double bestMargin = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < ids.length; e++) {
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
