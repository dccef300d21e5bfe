package io.facefuse.vision;

import java.util.Arrays;

/** Facts about MediaPipe FaceMesh's 468 landmarks that masks and warps need. */
public final class FaceMesh {

    /** The face's outline, in order around it (MediaPipe's FACE_OVAL), starting at the forehead. */
    public static final int[] FACE_OVAL = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379,
            378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109};

    private FaceMesh() {
    }

    /** The outline as x, y pairs in the photo's pixels, from the landmarks (x, y, z). */
    public static double[] oval(double[] landmarks) {
        return oval(landmarks, 3);
    }

    /** The same from landmarks given as x, y pairs only. */
    public static double[] ovalOfPoints(double[] points) {
        return oval(points, 2);
    }

    private static double[] oval(double[] landmarks, int stride) {
        double[] polygon = new double[FACE_OVAL.length * 2];
        for (int i = 0; i < FACE_OVAL.length; i++) {
            polygon[2 * i] = landmarks[FACE_OVAL[i] * stride];
            polygon[2 * i + 1] = landmarks[FACE_OVAL[i] * stride + 1];
        }
        return polygon;
    }

    /** The polygon (x, y pairs) scaled by {@code factor} about the mean of its points. */
    public static double[] scaled(double[] polygon, double factor) {
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < polygon.length; i += 2) {
            cx += polygon[i];
            cy += polygon[i + 1];
        }
        cx /= polygon.length / 2.0;
        cy /= polygon.length / 2.0;
        double[] out = new double[polygon.length];
        for (int i = 0; i < polygon.length; i += 2) {
            out[i] = cx + (polygon[i] - cx) * factor;
            out[i + 1] = cy + (polygon[i + 1] - cy) * factor;
        }
        return out;
    }

    /** Whether a point lies inside a polygon given as x, y pairs (even-odd rule). */
    public static boolean inside(double[] polygon, double x, double y) {
        boolean in = false;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = polygon[2 * i];
            double yi = polygon[2 * i + 1];
            double xj = polygon[2 * j];
            double yj = polygon[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    /**
     * 1 at every pixel of a width x height grid whose centre lies {@link #inside} the polygon, 0
     * elsewhere: the same answer as asking each centre, found a row at a time from where the row
     * crosses the edges (the per-pixel test took 8 ms for a face's region of a 1080p template).
     */
    public static float[] rasterized(double[] polygon, int width, int height) {
        float[] out = new float[width * height];
        int n = polygon.length / 2;
        double[] crossings = new double[n];
        for (int y = 0; y < height; y++) {
            double cy = y + 0.5;
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double xi = polygon[2 * i];
                double yi = polygon[2 * i + 1];
                double xj = polygon[2 * j];
                double yj = polygon[2 * j + 1];
                if ((yi > cy) != (yj > cy)) {
                    crossings[k++] = (xj - xi) * (cy - yi) / (yj - yi) + xi; // the same expression as inside()
                }
            }
            Arrays.sort(crossings, 0, k);
            // a centre is inside where an odd number of crossings lie to its right: from each
            // even-numbered crossing (itself included) up to, not including, the next one
            for (int c = 0; c + 1 < k; c += 2) {
                int from = Math.max(0, (int) Math.ceil(crossings[c] - 0.5));
                for (int x = from; x < width && x + 0.5 < crossings[c + 1]; x++) {
                    out[y * width + x] = 1;
                }
            }
        }
        return out;
    }
}
