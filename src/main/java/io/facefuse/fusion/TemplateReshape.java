package io.facefuse.fusion;

import io.facefuse.models.RgbImage;
import io.facefuse.numerics.BoundingBox;
import io.facefuse.numerics.ThinPlateSpline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Moves a template's face to a new shape (the profile degree's) and its surroundings with it. Inside
 * the face the landmarks' triangles carry it piece by piece; beyond, a thin-plate spline carries
 * the outline's displacement outward, falling to nothing at the edge of a wider region and at the
 * points to keep (the template's other faces). Without this only the inside of the new outline
 * moved, and where it crossed the old one the template's own eye or lips stayed beside their moved
 * copies.
 */
final class TemplateReshape {

    /** How far beyond the face its surroundings move, in face sizes: far enough to bend, not crease. */
    static final double REACH = 0.5;
    /** The spline is evaluated on a grid this many pixels apart and interpolated between. */
    private static final int GRID = 16;
    /** Still points along the edge of the moved region, about this many pixels apart. */
    private static final int ANCHOR_SPACING = 48;

    private TemplateReshape() {
    }

    /**
     * Warps {@code canvas} in place so that the face at {@code from} (x, y pairs) stands at {@code to},
     * whose Delaunay {@code triangles} are given; {@code keep} (x, y pairs, possibly empty) stay where
     * they are.
     */
    static void apply(RgbImage canvas, double[] from, double[] to, int[] triangles, double[] keep) {
        Region outer = reach(from, to, canvas.width(), canvas.height());
        ThinPlateSpline spline = surroundings(from, to, triangles, keep, outer);

        // the displacement on a coarse grid; between grid points it is interpolated (it is smooth)
        int gw = (outer.width + GRID - 1) / GRID + 1;
        int gh = (outer.height + GRID - 1) / GRID + 1;
        double[] grid = new double[gw * gh * 2];
        double[] d = new double[2];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                spline.evaluate(outer.x0 + i * GRID, outer.y0 + j * GRID, d);
                grid[(j * gw + i) * 2] = d[0];
                grid[(j * gw + i) * 2 + 1] = d[1];
            }
        }
        PiecewiseAffineWarp.Warped face = PiecewiseAffineWarp.warp(canvas, from, to, triangles, outer);
        float[] out = face.rgb();
        float[] covered = face.covered();
        for (int y = 0; y < outer.height; y++) {
            int j = y / GRID;
            double fy = (y - j * GRID) / (double) GRID;
            for (int x = 0; x < outer.width; x++) {
                int p = y * outer.width + x;
                if (covered[p] > 0) {
                    continue;
                }
                int i = x / GRID;
                double fx = (x - i * GRID) / (double) GRID;
                int g00 = (j * gw + i) * 2;
                int g10 = g00 + 2;
                int g01 = g00 + gw * 2;
                int g11 = g01 + 2;
                double dx = (grid[g00] * (1 - fx) + grid[g10] * fx) * (1 - fy) + (grid[g01] * (1 - fx) + grid[g11] * fx) * fy;
                double dy = (grid[g00 + 1] * (1 - fx) + grid[g10 + 1] * fx) * (1 - fy)
                        + (grid[g01 + 1] * (1 - fx) + grid[g11 + 1] * fx) * fy;
                canvas.sample(outer.x0 + x + dx, outer.y0 + y + dy, out, p * 3);
            }
        }
        outer.writeInto(canvas.rgb(), canvas.width(), out);
    }

    /** The region that moves: around the face where it was and where it goes, grown by {@link #REACH}. */
    static Region reach(double[] from, double[] to, int canvasWidth, int canvasHeight) {
        double[] both = Arrays.copyOf(from, from.length + to.length);
        System.arraycopy(to, 0, both, from.length, to.length);
        return Region.around(both, REACH, canvasWidth, canvasHeight);
    }

    /**
     * The spline that maps a point beyond the new face to where its pixel comes from: the face's hull
     * vertices move as the triangles move them (so both agree on the outline), the region's edge and
     * the points to keep do not move.
     */
    private static ThinPlateSpline surroundings(double[] from, double[] to, int[] triangles, double[] keep, Region outer) {
        int[] hull = hullVertices(triangles);
        int perimeter = 2 * (outer.width + outer.height);
        int anchors = Math.max(8, perimeter / ANCHOR_SPACING);
        double[] points = new double[2 * (hull.length + anchors) + keep.length];
        double[] values = new double[points.length];
        int n = 0;
        for (int v : hull) {
            points[n] = to[2 * v];
            points[n + 1] = to[2 * v + 1];
            values[n] = from[2 * v] - to[2 * v];
            values[n + 1] = from[2 * v + 1] - to[2 * v + 1];
            n += 2;
        }
        for (int a = 0; a < anchors; a++) {
            double along = (double) a / anchors * perimeter;
            double[] at = onEdge(outer, along);
            points[n] = at[0];
            points[n + 1] = at[1];
            n += 2;
        }
        double[] face = BoundingBox.of(from, to);
        for (int k = 0; k < keep.length; k += 2) {
            double x = keep[k];
            double y = keep[k + 1];
            boolean inRegion = x > outer.x0 && x < outer.x0 + outer.width && y > outer.y0 && y < outer.y0 + outer.height;
            // a point of another face that overlaps this one, or lies so close to its moving outline
            // that holding it would crease the picture between them, cannot stay: it moves a little
            boolean onFace = x >= face[0] && x <= face[2] && y >= face[1] && y <= face[3];
            if (inRegion && !onFace && !squeezed(x, y, from, to, hull)) {
                points[n] = x;
                points[n + 1] = y;
                n += 2;
            }
        }
        return ThinPlateSpline.fit(Arrays.copyOf(points, n), Arrays.copyOf(values, n));
    }

    /**
     * Whether a still point lies nearer an outline vertex than three times that vertex's move: the
     * picture between them would be squeezed or stretched by more than a third, or folded.
     */
    private static boolean squeezed(double x, double y, double[] from, double[] to, int[] hull) {
        for (int v : hull) {
            double move = Math.hypot(from[2 * v] - to[2 * v], from[2 * v + 1] - to[2 * v + 1]);
            if (Math.hypot(x - to[2 * v], y - to[2 * v + 1]) < 3 * move) {
                return true;
            }
        }
        return false;
    }

    /** The point {@code along} pixels around the region's edge, clockwise from its top-left corner. */
    private static double[] onEdge(Region r, double along) {
        double w = r.width;
        double h = r.height;
        if (along < w) {
            return new double[] {r.x0 + along, r.y0};
        }
        if (along < w + h) {
            return new double[] {r.x0 + w, r.y0 + along - w};
        }
        if (along < 2 * w + h) {
            return new double[] {r.x0 + w - (along - w - h), r.y0 + h};
        }
        return new double[] {r.x0, r.y0 + h - (along - 2 * w - h)};
    }

    /** The vertices on the triangulation's outer boundary: those of edges that only one triangle has. */
    private static int[] hullVertices(int[] triangles) {
        Map<Long, Integer> edges = new HashMap<>();
        for (int t = 0; t < triangles.length; t += 3) {
            for (int e = 0; e < 3; e++) {
                int a = triangles[t + e];
                int b = triangles[t + (e + 1) % 3];
                edges.merge(((long) Math.min(a, b) << 32) | Math.max(a, b), 1, Integer::sum);
            }
        }
        return edges.entrySet().stream().filter(edge -> edge.getValue() == 1)
                .flatMapToInt(edge -> IntStream.of((int) (edge.getKey() >>> 32), (int) (long) edge.getKey()))
                .distinct().sorted().toArray();
    }
}
