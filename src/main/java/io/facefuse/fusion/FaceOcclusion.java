package io.facefuse.fusion;

import io.facefuse.images.OpenCvLibrary;
import io.facefuse.models.RgbImage;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Lab;
import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a face's outline shows the face itself and where something in front of it: hair over the
 * forehead or a cheek, mostly, and, for a turned face, the background its outline reaches past.
 * OpenCV's GrabCut (colour models of face and surroundings, and a graph cut that keeps regions
 * whole) on a small copy of the region, seeded from the landmarks: patches of forehead, cheeks and
 * chin, pixels of the skin's own colour and the face below the mouth (so a beard is never taken for
 * hair) are face; what lies well outside the outline is not; the rest of the outline is decided by
 * colour. The eyes, brows, nose and lips are face whatever the cut says (dark make-up looks like
 * hair to it), but are not seeded as face: their colours in the face's model made a dark strand
 * beside an eye pass for brow. So a hand or glasses in front of them are not found, nor is hair much
 * the colour of the skin (some blonde hair).
 */
final class FaceOcclusion {

    /** The width of the copy GrabCut works on: enough for locks of hair, about 8 ms a face. */
    static final int WIDTH = 96;
    /** One round of re-fitting the colour models: a second changed under 0.1% of the sample faces' outlines. */
    private static final int ROUNDS = 1;
    /** How far beyond the outline the surroundings are left to colour rather than taken as such. */
    private static final double UNDECIDED_BAND = 1.15;
    private static final int RANDOM_SEED = 0x5eed;
    /** How far from the skin's median colour a pixel may be and still be taken for skin (L*a*b*, lightness halved). */
    private static final double SKIN_DISTANCE = 12;

    // FaceMesh contours (MediaPipe's canonical face mesh): lips, each eye with its brow, the nose
    private static final int[] LIPS = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37,
            39, 40, 185};
    private static final int[] LEFT_EYE_AND_BROW = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386,
            387, 388, 466, 300, 293, 334, 296, 336, 285, 295, 282, 283, 276};
    private static final int[] RIGHT_EYE_AND_BROW = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160,
            161, 246, 70, 63, 105, 66, 107, 55, 65, 52, 53, 46};
    private static final int[] NOSE = {168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 98, 327, 129, 358, 49, 279};
    /** Forehead centre, between the brows, the cheeks beside the nose, the chin. */
    private static final int[] SKIN_PATCHES = {151, 9, 205, 425, 199};
    private static final int MOUTH_LEFT = 61;
    private static final int MOUTH_RIGHT = 291;
    private static final int CHIN = 152;
    private static final int CHEEK_LEFT = 234;
    private static final int CHEEK_RIGHT = 454;

    /**
     * The face's own pixels at low resolution: {@code shown} is 255 where the face shows, 0 where
     * something covers it; the region of the photo from {@code x0, y0} scaled by {@code scale}.
     */
    record Visibility(int x0, int y0, double scale, int width, int height, byte[] shown) {

        /**
         * Every pixel shown, at the cut's resolution: what a face that cannot be segmented gets (a hand
         * found over it can still be taken out).
         */
        static Visibility everywhere(Region region) {
            Visibility empty = blank(region);
            Arrays.fill(empty.shown(), (byte) 255);
            return empty;
        }

        /** Nothing shown yet, at the cut's resolution ({@link FaceOcclusion#WIDTH} pixels across at most). */
        static Visibility blank(Region region) {
            double scale = Math.min(1, (double) WIDTH / region.width);
            int width = Math.max(1, (int) Math.round(region.width * scale));
            int height = Math.max(1, (int) Math.round(region.height * scale));
            return new Visibility(region.x0, region.y0, scale, width, height, new byte[width * height]);
        }

        private double onPicture(double photo, int origin) {
            return toSmall(photo, origin, scale);
        }

        /** The visibility as a grey picture, so that a warp can carry it like the photo's pixels. */
        RgbImage picture() {
            byte[] rgb = new byte[shown.length * 3];
            for (int i = 0; i < shown.length; i++) {
                rgb[3 * i] = shown[i];
                rgb[3 * i + 1] = shown[i];
                rgb[3 * i + 2] = shown[i];
            }
            return new RgbImage(width, height, rgb);
        }

        /** Points (x, y pairs) of the photo moved onto {@link #picture()}. */
        double[] onPicture(double[] points) {
            double[] out = new double[points.length];
            for (int i = 0; i < points.length; i += 2) {
                out[i] = onPicture(points[i], x0);
                out[i + 1] = onPicture(points[i + 1], y0);
            }
            return out;
        }

        /**
         * This visibility less what lies inside {@code inFront} (outlines, x, y pairs in the photo's
         * pixels), eyes, nose and mouth included.
         */
        Visibility hiding(List<double[]> inFront) {
            if (inFront.isEmpty()) {
                return this;
            }
            OpenCvLibrary.ready();
            Mat front = new Mat(height, width, CvType.CV_8UC1, new Scalar(0));
            try {
                for (double[] outline : inFront) {
                    fill(front, outline, x0, y0, scale, 1);
                }
                byte[] covered = new byte[shown.length];
                front.get(0, 0, covered);
                byte[] out = shown.clone();
                for (int i = 0; i < out.length; i++) {
                    if (covered[i] != 0) {
                        out[i] = 0;
                    }
                }
                return new Visibility(x0, y0, scale, width, height, out);
            } finally {
                front.release();
            }
        }

        /** Per pixel of {@code region} of the photo, 0 to 1, sampled bilinearly (soft edges for free). */
        float[] over(Region region) {
            float[] out = new float[region.pixels()];
            // RgbImage.sample's arithmetic on the one channel there is, each column's neighbours and
            // weight worked out once
            int[] left = new int[region.width];
            double[] weights = new double[region.width];
            for (int x = 0; x < region.width; x++) {
                double sx = Math.max(0, Math.min(width - 1.001, onPicture(region.x0 + x, x0)));
                left[x] = (int) sx;
                weights[x] = sx - left[x];
            }
            for (int y = 0; y < region.height; y++) {
                double sy = Math.max(0, Math.min(height - 1.001, onPicture(region.y0 + y, y0)));
                int top = (int) sy * width;
                int bottom = top + width;
                double fy = sy - (int) sy;
                for (int x = 0; x < region.width; x++) {
                    double fx = weights[x];
                    int l = left[x];
                    double upper = (shown[top + l] & 0xff) * (1 - fx) + (shown[top + l + 1] & 0xff) * fx;
                    double lower = (shown[bottom + l] & 0xff) * (1 - fx) + (shown[bottom + l + 1] & 0xff) * fx;
                    out[y * region.width + x] = (float) (upper * (1 - fy) + lower * fy) / 255f;
                }
            }
            return out;
        }
    }

    private FaceOcclusion() {
    }

    /**
     * Segments the face of {@code photo} whose landmarks (x, y pairs, FaceMesh's 468) are
     * {@code points}, over {@code region}; a face GrabCut cannot model (no surroundings in the
     * region, say) is answered as wholly shown.
     */
    static Visibility of(RgbImage photo, double[] points, Region region) {
        return of(photo, points, region, List.of());
    }

    /**
     * As above, and what lies inside {@code inFront} (outlines, x, y pairs in the photo's pixels: the
     * hands {@link io.facefuse.vision.HandFinder} found over the face) is not face, eyes, nose and
     * mouth included: a hand over the mouth hides it.
     */
    static Visibility of(RgbImage photo, double[] points, Region region, List<double[]> inFront) {
        return cut(photo, points, region).hiding(inFront);
    }

    private static Visibility cut(RgbImage photo, double[] points, Region region) {
        OpenCvLibrary.ready();
        Visibility visibility = Visibility.blank(region);
        double scale = visibility.scale();
        int width = visibility.width();
        int height = visibility.height();
        Mat full = new Mat(region.height, region.width, CvType.CV_8UC3);
        Mat small = new Mat();
        Mat seeds = new Mat(height, width, CvType.CV_8UC1, new Scalar(Imgproc.GC_BGD));
        Mat parts = new Mat(height, width, CvType.CV_8UC1, new Scalar(0));
        Mat background = new Mat();
        Mat foreground = new Mat();
        try {
            byte[] rows = new byte[region.pixels() * 3];
            for (int y = 0; y < region.height; y++) {
                System.arraycopy(photo.rgb(), ((region.y0 + y) * photo.width() + region.x0) * 3, rows,
                        y * region.width * 3, region.width * 3);
            }
            full.put(0, 0, rows);
            Imgproc.resize(full, small, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            seed(seeds, points, region, scale);
            skinIsFace(seeds, small, points, region, scale);
            parts(parts, points, region, scale);
            // GrabCut starts its colour models from k-means++ on the calling thread's random numbers:
            // seeded here, the same photo segments the same way on any thread, however often
            Core.setRNGSeed(RANDOM_SEED);
            Imgproc.grabCut(small, seeds, new Rect(), background, foreground, ROUNDS, Imgproc.GC_INIT_WITH_MASK);
            byte[] labels = new byte[width * height];
            seeds.get(0, 0, labels);
            byte[] inParts = new byte[labels.length];
            parts.get(0, 0, inParts);
            byte[] shown = visibility.shown();
            for (int i = 0; i < labels.length; i++) {
                // GC_FGD (1) and GC_PR_FGD (3) are the odd labels
                shown[i] = (labels[i] & 1) == 1 || inParts[i] != 0 ? (byte) 255 : 0;
            }
            return visibility;
        } catch (CvException e) {
            // GrabCut needs both face and surroundings among its seeds; a face that fills the photo has none
            return Visibility.everywhere(region);
        } finally {
            full.release();
            small.release();
            seeds.release();
            parts.release();
            background.release();
            foreground.release();
        }
    }

    /** 1 on the eyes and brows, nose and lips, and a pixel around them (their edge must be face once scaled up). */
    private static void parts(Mat parts, double[] points, Region region, double scale) {
        for (int[] part : List.of(LIPS, LEFT_EYE_AND_BROW, RIGHT_EYE_AND_BROW, NOSE)) {
            fillHull(parts, points, part, region, scale);
        }
        Mat square = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3));
        Imgproc.dilate(parts, parts, square);
        square.release();
    }

    /** GrabCut's starting labels, on the small copy. */
    private static void seed(Mat seeds, double[] points, Region region, double scale) {
        double[] outline = FaceMesh.ovalOfPoints(points);
        fill(seeds, FaceMesh.scaled(outline, UNDECIDED_BAND), region, scale, Imgproc.GC_PR_BGD);
        fill(seeds, outline, region, scale, Imgproc.GC_PR_FGD);
        lowerFace(seeds, points, region, scale);
        drawPatches(seeds, points, region, scale, Imgproc.GC_FGD);
    }

    private static void drawPatches(Mat mask, double[] points, Region region, double scale, int label) {
        double faceWidth = Math.hypot(points[2 * CHEEK_RIGHT] - points[2 * CHEEK_LEFT],
                points[2 * CHEEK_RIGHT + 1] - points[2 * CHEEK_LEFT + 1]);
        int radius = (int) Math.max(1, Math.round(faceWidth * 0.06 * scale));
        for (int p : SKIN_PATCHES) {
            Imgproc.circle(mask, onSeeds(points, p, region, scale), radius, new Scalar(label), -1);
        }
    }

    /**
     * Inside the outline, a pixel of the face's own skin colour is face: without this, forehead skin
     * darkening toward the hairline went with the hair. The colour is the median of the skin patches
     * (most of them are skin even when a fringe covers the forehead's); the lightness counts half, for
     * shading. Blonde hair close to the skin's colour is therefore left in place, which costs less than
     * a forehead taken away.
     */
    private static void skinIsFace(Mat seeds, Mat small, double[] points, Region region, double scale) {
        int width = seeds.cols();
        byte[] labels = new byte[(int) seeds.total()];
        seeds.get(0, 0, labels);
        byte[] rgb = new byte[labels.length * 3];
        small.get(0, 0, rgb);
        Mat patches = new Mat(seeds.rows(), width, CvType.CV_8UC1, new Scalar(0));
        drawPatches(patches, points, region, scale, 1);
        byte[] inPatch = new byte[labels.length];
        patches.get(0, 0, inPatch);
        patches.release();
        double[][] lab = new double[labels.length][];
        List<double[]> skin = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != Imgproc.GC_BGD) {
                lab[i] = Lab.fromRgb(rgb[3 * i] & 0xff, rgb[3 * i + 1] & 0xff, rgb[3 * i + 2] & 0xff);
                if (inPatch[i] != 0) {
                    skin.add(lab[i]);
                }
            }
        }
        if (skin.isEmpty()) {
            return;
        }
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            double[] values = skin.stream().mapToDouble(v -> v[channel]).sorted().toArray();
            median[c] = values[values.length / 2];
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == Imgproc.GC_PR_FGD) {
                double dl = (lab[i][0] - median[0]) / 2;
                double da = lab[i][1] - median[1];
                double db = lab[i][2] - median[2];
                if (Math.sqrt(dl * dl + da * da + db * db) < SKIN_DISTANCE) {
                    labels[i] = Imgproc.GC_FGD;
                }
            }
        }
        seeds.put(0, 0, labels);
    }

    /** Inside the outline and on the chin's side of the line through the mouth corners: face, always. */
    private static void lowerFace(Mat seeds, double[] points, Region region, double scale) {
        Point left = onSeeds(points, MOUTH_LEFT, region, scale);
        Point right = onSeeds(points, MOUTH_RIGHT, region, scale);
        Point chin = onSeeds(points, CHIN, region, scale);
        double dx = right.x - left.x;
        double dy = right.y - left.y;
        double chinSide = Math.signum(dx * (chin.y - left.y) - dy * (chin.x - left.x));
        byte[] labels = new byte[(int) seeds.total()];
        seeds.get(0, 0, labels);
        int width = seeds.cols();
        for (int i = 0; i < labels.length; i++) {
            double x = i % width;
            double y = i / width;
            if (labels[i] == Imgproc.GC_PR_FGD && Math.signum(dx * (y - left.y) - dy * (x - left.x)) == chinSide) {
                labels[i] = Imgproc.GC_FGD;
            }
        }
        seeds.put(0, 0, labels);
    }

    private static void fill(Mat seeds, double[] polygon, Region region, double scale, int label) {
        fill(seeds, polygon, region.x0, region.y0, scale, label);
    }

    /** Fills a polygon (x, y pairs in the photo's pixels) on a small copy starting at {@code x0, y0}. */
    private static void fill(Mat seeds, double[] polygon, int x0, int y0, double scale, int label) {
        Point[] corners = new Point[polygon.length / 2];
        for (int i = 0; i < corners.length; i++) {
            corners[i] = new Point(toSmall(polygon[2 * i], x0, scale), toSmall(polygon[2 * i + 1], y0, scale));
        }
        MatOfPoint shape = new MatOfPoint(corners);
        Imgproc.fillPoly(seeds, List.of(shape), new Scalar(label));
        shape.release();
    }

    /** Marks the convex hull of a part's landmarks with 1. */
    private static void fillHull(Mat mask, double[] points, int[] part, Region region, double scale) {
        Point[] corners = new Point[part.length];
        for (int i = 0; i < part.length; i++) {
            corners[i] = onSeeds(points, part[i], region, scale);
        }
        MatOfPoint all = new MatOfPoint(corners);
        MatOfInt hull = new MatOfInt();
        Imgproc.convexHull(all, hull);
        int[] order = hull.toArray();
        Point[] outline = new Point[order.length];
        for (int i = 0; i < order.length; i++) {
            outline[i] = corners[order[i]];
        }
        MatOfPoint convex = new MatOfPoint(outline);
        Imgproc.fillConvexPoly(mask, convex, new Scalar(1));
        all.release();
        hull.release();
        convex.release();
    }

    private static Point onSeeds(double[] points, int landmark, Region region, double scale) {
        return new Point(toSmall(points[2 * landmark], region.x0, scale), toSmall(points[2 * landmark + 1], region.y0, scale));
    }

    /** A photo coordinate on the small copy of a region starting at {@code origin} (pixel centres on integers in both). */
    private static double toSmall(double photo, int origin, double scale) {
        return (photo - origin + 0.5) * scale - 0.5;
    }
}
