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
