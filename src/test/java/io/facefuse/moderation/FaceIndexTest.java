package io.facefuse.moderation;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory face index: exact cosine within quantisation error, each entry's own threshold. */
class FaceIndexTest {

    @Test
    void findsTheClosestEntryWithinQuantisationError() {
        Random random = new Random(1);
        float[][] units = new float[50][];
        FaceIndex index = FaceIndex.empty();
        UUID[] ids = new UUID[units.length];
        for (int i = 0; i < units.length; i++) {
            units[i] = unit(random);
            ids[i] = UUID.randomUUID();
            index = index.with(ids[i], FaceIndex.quantize(units[i]), 0.7);
        }
        assertEquals(50, index.size());
        float[] query = units[17].clone();
        FaceIndex.Nearest nearest = index.nearest(FaceIndex.quantize(query));
        assertEquals(ids[17], nearest.entry());
        assertEquals(1.0, nearest.similarity(), 0.01);
        assertTrue(nearest.matches());
        // a random direction is nearly orthogonal to all: found nearest, but no match
        assertFalse(index.nearest(FaceIndex.quantize(unit(random))).matches());
    }

    @Test
    void anEntrysOwnThresholdDecides() {
        float[] a = unit(new Random(2));
        FaceIndex strict = FaceIndex.empty().with(UUID.randomUUID(), FaceIndex.quantize(a), 1.01);
        assertFalse(strict.nearest(FaceIndex.quantize(a)).matches(), "a threshold above 1 never matches");
        assertNull(FaceIndex.empty().nearest(FaceIndex.quantize(a)).entry());
    }

    @Test
    void theCodePrefilterOfALargeLibraryStillFindsEveryMatch() {
        Random random = new Random(3);
        int size = FaceIndex.PREFILTER_FROM + 1000;
        byte[] vectors = new byte[size * FaceIndex.DIMENSIONS];
        UUID[] ids = new UUID[size];
        double[] thresholds = new double[size];
        float[][] units = new float[size][];
        for (int i = 0; i < size; i++) {
            units[i] = unit(random);
            System.arraycopy(FaceIndex.quantize(units[i]), 0, vectors, i * FaceIndex.DIMENSIONS, FaceIndex.DIMENSIONS);
            ids[i] = new UUID(0, i);
            thresholds[i] = 0.7;
        }
        FaceIndex index = new FaceIndex(vectors, ids, thresholds);
        for (int probe = 0; probe < 200; probe++) {
            int target = random.nextInt(size);
            // the entry moved to a cosine of about 0.72: just above its threshold
            float[] noise = unit(random);
            double along = 0;
            for (int i = 0; i < noise.length; i++) {
                along += noise[i] * units[target][i];
            }
            double orthogonalNorm = 0;
            for (int i = 0; i < noise.length; i++) {
                noise[i] -= (float) (along * units[target][i]); // orthogonal to the entry: the cosine is 0.72
                orthogonalNorm += noise[i] * noise[i];
            }
            for (int i = 0; i < noise.length; i++) {
                noise[i] /= (float) Math.sqrt(orthogonalNorm);
            }
            float[] query = new float[FaceIndex.DIMENSIONS];
            double norm = 0;
            for (int i = 0; i < query.length; i++) {
                query[i] = 0.72f * units[target][i] + 0.694f * noise[i];
                norm += query[i] * query[i];
            }
            for (int i = 0; i < query.length; i++) {
                query[i] /= (float) Math.sqrt(norm);
            }
            FaceIndex.Nearest nearest = index.nearest(FaceIndex.quantize(query));
            assertEquals(ids[target], nearest.entry(), "probe " + probe);
            assertTrue(nearest.matches(), "probe " + probe + ": " + nearest.similarity());
        }
    }

    private static float[] unit(Random random) {
        float[] v = new float[FaceIndex.DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
