package io.facefuse.fusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delaunay triangulation (Bowyer–Watson) of a few hundred landmarks: the triangles over which a
 * face is warped piece by piece. O(n²), about a millisecond for FaceMesh's 468 points.
 */
public final class Delaunay {

    private Delaunay() {
    }

    /** Triangles as index triples into {@code points} (x, y pairs). */
    public static int[] triangulate(double[] points) {
        int n = points.length / 2;
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, points[2 * i]);
            maxX = Math.max(maxX, points[2 * i]);
            minY = Math.min(minY, points[2 * i + 1]);
            maxY = Math.max(maxY, points[2 * i + 1]);
        }
        double span = Math.max(maxX - minX, maxY - minY) * 20 + 1;
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        // all points plus a super-triangle that contains them
        double[] p = new double[points.length + 6];
        System.arraycopy(points, 0, p, 0, points.length);
        p[2 * n] = cx - span;
        p[2 * n + 1] = cy - span;
        p[2 * n + 2] = cx;
        p[2 * n + 3] = cy + span;
        p[2 * n + 4] = cx + span;
        p[2 * n + 5] = cy - span;
        List<double[]> triangles = new ArrayList<>(); // a, b, c, circumcentre x, y, radius²
        triangles.add(triangle(p, n, n + 1, n + 2));
        for (int i = 0; i < n; i++) {
            double x = p[2 * i];
            double y = p[2 * i + 1];
            Map<Long, int[]> edges = new HashMap<>();
            List<double[]> kept = new ArrayList<>(triangles.size());
            for (double[] t : triangles) {
                double dx = x - t[3];
                double dy = y - t[4];
                if (dx * dx + dy * dy < t[5]) {
                    // inside the circumcircle: the triangle goes, its edges that no other bad triangle shares stay
                    for (int[] edge : new int[][]{{(int) t[0], (int) t[1]}, {(int) t[1], (int) t[2]}, {(int) t[2], (int) t[0]}}) {
                        long key = key(edge[0], edge[1]);
                        if (edges.remove(key) == null) {
                            edges.put(key, edge);
                        }
                    }
                } else {
                    kept.add(t);
                }
            }
            for (int[] edge : edges.values()) {
                kept.add(triangle(p, edge[0], edge[1], i));
            }
            triangles = kept;
        }
        List<int[]> result = new ArrayList<>();
        for (double[] t : triangles) {
            if (t[0] < n && t[1] < n && t[2] < n) {
                result.add(new int[]{(int) t[0], (int) t[1], (int) t[2]});
            }
        }
        int[] flat = new int[result.size() * 3];
        for (int i = 0; i < result.size(); i++) {
            System.arraycopy(result.get(i), 0, flat, 3 * i, 3);
        }
        return flat;
    }

    private static long key(int a, int b) {
        return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }

    private static double[] triangle(double[] p, int a, int b, int c) {
        double ax = p[2 * a];
        double ay = p[2 * a + 1];
        double bx = p[2 * b];
        double by = p[2 * b + 1];
        double cx = p[2 * c];
        double cy = p[2 * c + 1];
        double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
        if (Math.abs(d) < 1e-12) {
            // collinear (duplicate landmarks): a circle nothing falls into, so it is simply kept
            return new double[]{a, b, c, 0, 0, -1};
        }
        double a2 = ax * ax + ay * ay;
        double b2 = bx * bx + by * by;
        double c2 = cx * cx + cy * cy;
        double ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
        double uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
        return new double[]{a, b, c, ux, uy, (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy)};
    }
}
