package io.facefuse.numerics;

import java.util.Arrays;
import java.util.Comparator;

/** The convex hull of points in the plane (Andrew's monotone chain). */
public final class ConvexHull {

    private ConvexHull() {
    }

    /** The hull of {@code points} (x, y pairs) as a polygon (x, y pairs), counter-clockwise in y-up terms. */
    public static double[] of(double[] points) {
        int n = points.length / 2;
        if (n < 3) {
            return points.clone();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> points[2 * i]).thenComparingDouble(i -> points[2 * i + 1]));
        int[] hull = new int[2 * n];
        int k = 0;
        for (int j = 0; j < n; j++) { // the lower chain, left to right
            while (k >= 2 && cross(points, hull[k - 2], hull[k - 1], order[j]) <= 0) {
                k--;
            }
            hull[k++] = order[j];
        }
        for (int j = n - 2, lower = k + 1; j >= 0; j--) { // the upper chain, right to left
            while (k >= lower && cross(points, hull[k - 2], hull[k - 1], order[j]) <= 0) {
                k--;
            }
            hull[k++] = order[j];
        }
        k--; // the first point closes the upper chain
        double[] out = new double[2 * k];
        for (int i = 0; i < k; i++) {
            out[2 * i] = points[2 * hull[i]];
            out[2 * i + 1] = points[2 * hull[i] + 1];
        }
        return out;
    }

    private static double cross(double[] p, int o, int a, int b) {
        return (p[2 * a] - p[2 * o]) * (p[2 * b + 1] - p[2 * o + 1]) - (p[2 * a + 1] - p[2 * o + 1]) * (p[2 * b] - p[2 * o]);
    }
}
