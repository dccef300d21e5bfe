package io.facefuse.vision;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The polygon helpers masks are made from, and the landmarks' mirror pairs. */
class FaceMeshTest {

    @Test
    void mirrorPairsAreTheirOwnInverseAndMatchTheFacesSides() {
        assertEquals(468, FaceMesh.MIRROR.length);
        int onMidline = 0;
        for (int i = 0; i < FaceMesh.MIRROR.length; i++) {
            assertEquals(i, FaceMesh.MIRROR[FaceMesh.MIRROR[i]], "the partner's partner of " + i);
            onMidline += FaceMesh.MIRROR[i] == i ? 1 : 0;
        }
        // MediaPipe's outer eye corners, mouth corners and cheeks; the nose tip, forehead and chin on the midline
        int[][] pairs = {{33, 263}, {61, 291}, {234, 454}, {1, 1}, {10, 10}, {152, 152}};
        for (int[] pair : pairs) {
            assertEquals(pair[1], FaceMesh.MIRROR[pair[0]], "partner of " + pair[0]);
        }
        assertTrue(onMidline > 10 && onMidline < 40, "a few dozen landmarks on the midline: " + onMidline);
        // the outline maps onto itself, reversed: its partner of the k-th point is the (n - k)-th
        int n = FaceMesh.FACE_OVAL.length;
        for (int k = 1; k < n; k++) {
            assertEquals(FaceMesh.FACE_OVAL[n - k], FaceMesh.MIRROR[FaceMesh.FACE_OVAL[k]], "outline point " + k);
        }
    }

    @Test
    void aRasterizedPolygonIsWhatInsideSaysAtEveryPixelCentre() {
        Random random = new Random(7);
        double[][] polygons = {
                // a square whose edges fall exactly on pixel centres: ties go the way inside() takes them
                {2.5, 2.5, 9.5, 2.5, 9.5, 9.5, 2.5, 9.5},
                // reaching past the grid on every side
                {-5, 8, 12, -3, 30, 10, 14, 26},
                // a face outline, scaled as the engine's mask is
                FaceMesh.scaled(ellipse(16, 15, 11, 13, 36), 0.94),
                // a self-crossing star: the even-odd rule leaves its centre out
                star(16, 16, 14, 5),
                randomPolygon(random, 40),
                randomPolygon(random, 9),
        };
        int width = 32;
        int height = 30;
        for (double[] polygon : polygons) {
            float[] raster = FaceMesh.rasterized(polygon, width, height);
            int in = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float expected = FaceMesh.inside(polygon, x + 0.5, y + 0.5) ? 1 : 0;
                    assertEquals(expected, raster[y * width + x], "pixel " + x + "," + y);
                    in += (int) expected;
                }
            }
            assertTrue(in > 0 && in < width * height, "the polygon covers part of the grid: " + in);
        }
    }

    private static double[] ellipse(double cx, double cy, double rx, double ry, int points) {
        double[] out = new double[points * 2];
        for (int i = 0; i < points; i++) {
            double angle = 2 * Math.PI * i / points;
            out[2 * i] = cx + rx * Math.cos(angle);
            out[2 * i + 1] = cy + ry * Math.sin(angle);
        }
        return out;
    }

    private static double[] star(double cx, double cy, double r, int points) {
        double[] out = new double[points * 2];
        for (int i = 0; i < points; i++) {
            double angle = 4 * Math.PI * i / points; // every second vertex of a pentagon: a pentagram
            out[2 * i] = cx + r * Math.cos(angle);
            out[2 * i + 1] = cy + r * Math.sin(angle);
        }
        return out;
    }

    private static double[] randomPolygon(Random random, int points) {
        double[] out = new double[points * 2];
        for (int i = 0; i < out.length; i += 2) {
            out[i] = random.nextDouble() * 40 - 4;
            out[i + 1] = Math.floor(random.nextDouble() * 36 - 3) + (random.nextBoolean() ? 0.5 : 0); // some on centres
        }
        return out;
    }
}
