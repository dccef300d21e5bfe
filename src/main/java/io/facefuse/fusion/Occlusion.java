package io.facefuse.fusion;

import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Lab;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What lies over a face and must not be fused away: hair across the forehead or a cheek, a glasses
 * frame, a dark sleeve. Found as pixels inside the face outline whose colour is far from the face's
 * own skin and that reach the outline through such pixels: an occluder comes into the face from
 * outside, while a freckle, a shadow under the nose or the inside of a mouth does not. The eyes,
 * brows and lips are never taken for one, nor the middle of the face, nor anything below the mouth
 * (a beard belongs to the face). A hand has the face's colour and is not found this way.
 */
final class Occlusion {

    private static final int[] LEFT_EYE = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246};
    private static final int[] RIGHT_EYE = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466};
    private static final int[] LEFT_BROW = {70, 63, 105, 66, 107, 55, 65, 52, 53, 46};
    private static final int[] RIGHT_BROW = {300, 293, 334, 296, 336, 285, 295, 282, 283, 276};
    private static final int[] LIPS = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39,
            40, 185};
    /** Features are kept clear of this much around their outlines (lashes, make-up). */
    private static final double FEATURE_GROWTH = 1.6;
    /**
     * The middle of the face, this share of the outline, is never an occluder: what comes in from the
     * outline rarely reaches it, and taken wrongly there it would leave the template's eye or nose
     * showing.
     */
    private static final double CORE = 0.7;
    /** How far from the skin's colour, in robust deviations, a pixel is something else. */
    private static final double NOT_SKIN = 3.0;

    private Occlusion() {
    }

    /**
     * 1 where an occluder covers the face, 0 elsewhere, for a region {@code w}×{@code h} of RGB
     * floats; {@code points} are the 468 landmarks' x, y in the region's coordinates.
     */
    static float[] find(float[] rgb, int w, int h, double[] points) {
        double[] oval = FaceMesh.ovalOfPoints(points);
        boolean[] inside = new boolean[w * h];
        boolean[] feature = new boolean[w * h];
        double[][] features = {grown(points, LEFT_EYE, FEATURE_GROWTH), grown(points, RIGHT_EYE, FEATURE_GROWTH),
                grown(points, LEFT_BROW, FEATURE_GROWTH), grown(points, RIGHT_BROW, FEATURE_GROWTH),
                grown(points, LIPS, FEATURE_GROWTH)};
        double[] core = grown(points, FaceMesh.FACE_OVAL, CORE);
        boolean[] middle = new boolean[w * h];
        int[] box = bounds(oval, w, h);
        int[][] featureBoxes = new int[features.length][];
        for (int f = 0; f < features.length; f++) {
            featureBoxes[f] = bounds(features[f], w, h);
        }
        int count = 0;
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                int p = y * w + x;
                if (FaceMesh.inside(oval, x + 0.5, y + 0.5)) {
                    inside[p] = true;
                    count++;
                    for (int f = 0; f < features.length && !feature[p]; f++) {
                        int[] b = featureBoxes[f];
                        feature[p] = x >= b[0] && x < b[2] && y >= b[1] && y < b[3]
                                && FaceMesh.inside(features[f], x + 0.5, y + 0.5);
                    }
                    middle[p] = FaceMesh.inside(core, x + 0.5, y + 0.5);
                }
            }
        }
        float[] occluded = new float[w * h];
        if (count < 64) {
            return occluded; // a face too small to tell its skin from anything
        }
        // the skin's colour, robustly: medians and median deviations over the face, features aside
        float[][] lab = new float[3][w * h];
        double[][] samples = new double[3][count];
        int n = 0;
        for (int p = 0; p < w * h; p++) {
            if (!inside[p]) {
                continue;
            }
            double[] c = Lab.fromRgb(clamp(rgb[p * 3]), clamp(rgb[p * 3 + 1]), clamp(rgb[p * 3 + 2]));
            for (int k = 0; k < 3; k++) {
                lab[k][p] = (float) c[k];
            }
            if (!feature[p]) {
                for (int k = 0; k < 3; k++) {
                    samples[k][n] = c[k];
                }
                n++;
            }
        }
        if (n < 64) {
            return occluded; // a face too small to tell its skin from anything
        }
        double[] median = new double[3];
        double[] spread = new double[3];
        double[] floor = {4, 2, 2};
        int stride = Math.max(1, n / 4096); // a few thousand samples give the medians as well as all
        for (int k = 0; k < 3; k++) {
            double[] values = new double[n / stride];
            for (int i = 0; i < values.length; i++) {
                values[i] = samples[k][i * stride];
            }
            Arrays.sort(values);
            median[k] = values[values.length / 2];
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.abs(values[i] - median[k]);
            }
            Arrays.sort(values);
            spread[k] = Math.max(floor[k], 1.4826 * values[values.length / 2]);
        }
        // above the mouth only: hair and glasses come from there, while a beard is part of the face
        double mx = points[2 * 291] - points[2 * 61];
        double my = points[2 * 291 + 1] - points[2 * 61 + 1];
        double forehead = mx * (points[2 * 10 + 1] - points[2 * 61 + 1]) - my * (points[2 * 10] - points[2 * 61]);
        boolean[] notSkin = new boolean[w * h];
        for (int p = 0; p < w * h; p++) {
            double side = mx * (p / w + 0.5 - points[2 * 61 + 1]) - my * (p % w + 0.5 - points[2 * 61]);
            if (inside[p] && !feature[p] && !middle[p] && side * forehead > 0) {
                // lightness counts half: light and shade move it across a face that is all skin
                double dl = (lab[0][p] - median[0]) / (2 * spread[0]);
                double da = (lab[1][p] - median[1]) / spread[1];
                double db = (lab[2][p] - median[2]) / spread[2];
                notSkin[p] = dl * dl + da * da + db * db > NOT_SKIN * NOT_SKIN;
            }
        }
        // grown from the outline inward through pixels that are not skin
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                int p = y * w + x;
                if (notSkin[p] && onEdge(inside, x, y, w, h)) {
                    occluded[p] = 1;
                    queue.add(p);
                }
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int x = p % w;
            int y = p / w;
            int[] around = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int q : around) {
                if (q >= 0 && notSkin[q] && occluded[q] == 0) {
                    occluded[q] = 1;
                    queue.add(q);
                }
            }
        }
        return occluded;
    }

    /** A pixel of the face with a neighbour outside it. */
    private static boolean onEdge(boolean[] inside, int x, int y, int w, int h) {
        return x == 0 || y == 0 || x == w - 1 || y == h - 1 || !inside[y * w + x - 1] || !inside[y * w + x + 1]
                || !inside[(y - 1) * w + x] || !inside[(y + 1) * w + x];
    }

    /** The polygon of the landmarks {@code indices}, scaled about its centre. */
    private static double[] grown(double[] points, int[] indices, double factor) {
        double cx = 0;
        double cy = 0;
        for (int index : indices) {
            cx += points[2 * index];
            cy += points[2 * index + 1];
        }
        cx /= indices.length;
        cy /= indices.length;
        double[] polygon = new double[indices.length * 2];
        for (int i = 0; i < indices.length; i++) {
            polygon[2 * i] = cx + (points[2 * indices[i]] - cx) * factor;
            polygon[2 * i + 1] = cy + (points[2 * indices[i] + 1] - cy) * factor;
        }
        return polygon;
    }

    /** x0, y0, x1, y1 (exclusive) of the polygon, within the region. */
    private static int[] bounds(double[] polygon, int w, int h) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < polygon.length; i += 2) {
            minX = Math.min(minX, polygon[i]);
            maxX = Math.max(maxX, polygon[i]);
            minY = Math.min(minY, polygon[i + 1]);
            maxY = Math.max(maxY, polygon[i + 1]);
        }
        return new int[]{(int) Math.max(0, Math.floor(minX)), (int) Math.max(0, Math.floor(minY)),
                (int) Math.min(w, Math.ceil(maxX) + 1), (int) Math.min(h, Math.ceil(maxY) + 1)};
    }

    private static int clamp(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }
}
