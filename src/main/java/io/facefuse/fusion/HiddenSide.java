package io.facefuse.fusion;

import io.facefuse.models.RgbImage;
import io.facefuse.vision.FaceMesh;

import java.util.stream.IntStream;

/**
 * The user's face warped onto the target shape, with the side the photo barely shows taken from the
 * other side, mirrored. A face turned away shows its far cheek squeezed into few pixels (and often
 * under hair); stretched onto a frontal template face it came out smeared and streaked. Where a
 * triangle of the mesh is seen much more obliquely in the photo than in the template, its pixels come
 * from its mirror triangle instead, blended in over a band so no edge shows. A face that faces the
 * same way as the template is left as it is.
 */
final class HiddenSide {

    /** Foreshortened in the photo to less than this share of its foreshortening in the template, a part is hidden. */
    static final double HIDDEN = 0.15;
    /** From this share on it is the photo's own; in between the two are blended. */
    static final double SEEN = 0.4;

    /**
     * Landmarks nearer their mirror partner than this share of the face's width (cheek to cheek) are
     * never mirrored; from 0.2 more on they fully may be.
     */
    static final double INNER = 0.3;

    private HiddenSide() {
    }

    /**
     * The user's face ({@code user}, whose landmarks are {@code userPoints}, x and y) on
     * {@code shape}, each landmark's share taken from the mirror side where {@code seen} (from
     * {@link #visibility}) is under 1. Anything laid out like the photo (its occlusion mask) is
     * carried the same way with the same {@code seen}.
     */
    static PiecewiseAffineWarp.Warped warp(RgbImage user, double[] userPoints, double[] seen, double[] shape,
                                           int[] triangles, Region region) {
        PiecewiseAffineWarp.Warped own = PiecewiseAffineWarp.warp(user, userPoints, shape, triangles, region);
        // only the triangles with a hidden corner take anything from their mirror image
        int[] partly = IntStream.range(0, triangles.length / 3)
                .filter(t -> seen[triangles[3 * t]] < 1 || seen[triangles[3 * t + 1]] < 1 || seen[triangles[3 * t + 2]] < 1)
                .flatMap(t -> IntStream.of(triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2])).toArray();
        if (partly.length == 0) {
            return own;
        }
        double[] mirrored = new double[userPoints.length];
        for (int i = 0; i < FaceMesh.MIRROR.length; i++) {
            mirrored[2 * i] = userPoints[2 * FaceMesh.MIRROR[i]];
            mirrored[2 * i + 1] = userPoints[2 * FaceMesh.MIRROR[i] + 1];
        }
        PiecewiseAffineWarp.Warped other = PiecewiseAffineWarp.warp(user, mirrored, shape, partly, region);
        float[] weight = PiecewiseAffineWarp.interpolate(shape, partly, seen, region);
        float[] rgb = own.rgb();
        for (int i = 0; i < rgb.length; i++) {
            if (other.covered()[i / 3] > 0) {
                float w = weight[i / 3];
                rgb[i] = w * rgb[i] + (1 - w) * other.rgb()[i];
            }
        }
        return own;
    }

    /**
     * Per landmark, how well the photo shows the face around it compared with how the template shows
     * it: for each triangle, its foreshortening in the user's photo (its area in the image over its
     * area in space, from FaceMesh's x, y, z: 1 facing the camera, 0 edge-on, below 0 facing away)
     * over the same in the template. Averaged over a landmark's triangles: 1 at {@link #SEEN} and
     * above, 0 at {@link #HIDDEN} and below, linear between. Unlike the triangles' areas alone this
     * does not take a smile or a wide-open eye for a hidden one.
     */
    static double[] visibility(double[] userLandmarks, double[] templateLandmarks, int[] triangles) {
        int n = userLandmarks.length / 3;
        double[] sum = new double[n];
        int[] count = new int[n];
        for (int t = 0; t < triangles.length; t += 3) {
            int a = triangles[t];
            int b = triangles[t + 1];
            int c = triangles[t + 2];
            double inTemplate = facing(templateLandmarks, a, b, c);
            double share = Math.abs(inTemplate) < 0.05 ? 1 : facing(userLandmarks, a, b, c) / inTemplate;
            for (int v : new int[] {a, b, c}) {
                sum[v] += share;
                count[v]++;
            }
        }
        double width = distance(templateLandmarks, 234, 454);
        double[] seen = new double[n];
        for (int v = 0; v < n; v++) {
            double share = count[v] == 0 ? 1 : sum[v] / count[v];
            double hidden = 1 - Math.max(0, Math.min(1, (share - HIDDEN) / (SEEN - HIDDEN)));
            // only the outer face is mirrored: nose and mouth sit on the midline, where a fold is their
            // own shape, not the photo hiding them, and mirrored nostrils look like nothing human
            double outer = Math.max(0, Math.min(1, (distance(templateLandmarks, v, FaceMesh.MIRROR[v]) / width - INNER) / 0.2));
            seen[v] = 1 - hidden * outer;
        }
        return seen;
    }

    /** The distance in space between two landmarks (x, y, z). */
    private static double distance(double[] p, int a, int b) {
        return Math.sqrt(Math.pow(p[3 * a] - p[3 * b], 2) + Math.pow(p[3 * a + 1] - p[3 * b + 1], 2)
                + Math.pow(p[3 * a + 2] - p[3 * b + 2], 2));
    }

    /** The triangle's area in the image over its area in space, signed by its winding in the image. */
    private static double facing(double[] p, int a, int b, int c) {
        double ux = p[3 * b] - p[3 * a];
        double uy = p[3 * b + 1] - p[3 * a + 1];
        double uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a];
        double vy = p[3 * c + 1] - p[3 * a + 1];
        double vz = p[3 * c + 2] - p[3 * a + 2];
        double nx = uy * vz - uz * vy;
        double ny = uz * vx - ux * vz;
        double nz = ux * vy - uy * vx;
        double area = Math.sqrt(nx * nx + ny * ny + nz * nz);
        return area < 1e-9 ? 0 : nz / area;
    }
}
