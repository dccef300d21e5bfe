package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.numerics.BoundingBox;
import io.facefuse.numerics.ConvexHull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds hands with MediaPipe's two hand models: the palm detector (a square of the photo letterboxed
 * into 256×256; 2944 SSD anchors, each a score and a palm box with seven keypoints) and, for each
 * palm, the 21 hand landmarks on a 224×224 crop turned so that the fingers point up, as MediaPipe's
 * own hand pipeline cuts it: the palm box moved half its size toward the fingers and enlarged 2.6
 * times. Used to keep a template's hand in front of the face fused behind it, and to leave a user's
 * hand behind.
 */
public final class HandFinder {

    /** A hand: its 21 landmarks (x, y pairs, the photo's pixels) and the landmark model's presence score. */
    public record Hand(double[] points, double presence) {

        /**
         * The convex hull of the landmarks and of the wrist's continuation (a hand in front of a face
         * comes with its wrist, and often a watch or a cuff, from beyond it), grown about its centre to
         * cover the fingers' width.
         */
        public double[] outline() {
            double[] withWrist = Arrays.copyOf(points, points.length + 4);
            // along the forearm, as far past the wrist as the wrist is from the middle finger's base,
            // as wide as the palm across its knuckles
            double dx = points[2 * WRIST] - points[2 * MIDDLE_KNUCKLE];
            double dy = points[2 * WRIST + 1] - points[2 * MIDDLE_KNUCKLE + 1];
            double length = Math.hypot(dx, dy);
            double palm = Math.hypot(points[2 * INDEX_KNUCKLE] - points[2 * LITTLE_KNUCKLE],
                    points[2 * INDEX_KNUCKLE + 1] - points[2 * LITTLE_KNUCKLE + 1]);
            if (length > 0) {
                double ax = points[2 * WRIST] + dx;
                double ay = points[2 * WRIST + 1] + dy;
                double px = -dy / length * palm / 2;
                double py = dx / length * palm / 2;
                withWrist[points.length] = ax + px;
                withWrist[points.length + 1] = ay + py;
                withWrist[points.length + 2] = ax - px;
                withWrist[points.length + 3] = ay - py;
            } else {
                withWrist = points;
            }
            return FaceMesh.scaled(ConvexHull.of(withWrist), HULL_GROWTH);
        }
    }

    static final int PALM_SIZE = 256;
    static final int HAND_SIZE = 224;
    private static final int VALUES_PER_ANCHOR = 19;
    /** MediaPipe's palm anchors for 256 px: strides 8 and 16 with 2 anchors a cell, then 32 with 6. */
    private static final double[][] ANCHORS = SsdAnchors.of(PALM_SIZE, new int[][]{{8, 2}, {16, 2}, {32, 6}});
    private static final double MIN_PALM_SCORE = 0.5;
    private static final double MIN_PRESENCE = 0.5;
    private static final double PALM_IOU = 0.3;
    private static final int MAX_HANDS = 4;
    /** How much of a hand's outline must lie inside a face's outline for the hand to be in front of it. */
    static final double MIN_OVER_FACE = 0.2;
    /** MediaPipe's palm-to-hand crop: shifted half the palm toward the fingers, 2.6 times its size. */
    private static final double SHIFT_TO_FINGERS = 0.5;
    private static final double HAND_CROP_SCALE = 2.6;
    /** The landmarks sit on the bones; the hull grown by this much covers the skin around them. */
    private static final double HULL_GROWTH = 1.2;
    /** The palm detector's keypoints: the wrist and the middle finger's base. */
    private static final int WRIST = 0;
    private static final int MIDDLE_FINGER_BASE = 2;
    /** Hand landmarks: the knuckles of the index, middle and little fingers (the wrist is 0 here too). */
    private static final int INDEX_KNUCKLE = 5;
    private static final int MIDDLE_KNUCKLE = 9;
    private static final int LITTLE_KNUCKLE = 17;

    private final ModelRegistry models;

    public HandFinder(ModelRegistry models) {
        this.models = models;
    }

    /** Hands within the square of {@code photo} from ({@code x}, {@code y}) of side {@code side}, most certain first. */
    public List<Hand> find(RgbImage photo, double x, double y, double side) {
        float[] out = models.run(ModelSpec.HANDDETECT, photo.squareCrop(x, y, side, side, PALM_SIZE)).get(0);
        double scale = side / PALM_SIZE;
        List<Hand> hands = new ArrayList<>();
        for (Palm palm : palms(out)) {
            Hand hand = landmarks(photo, palm.inPhoto(x, y, scale));
            if (hand.presence() >= MIN_PRESENCE) {
                hands.add(hand);
            }
        }
        hands.sort(Comparator.comparingDouble(Hand::presence).reversed());
        return hands;
    }

    /**
     * The outlines (x, y pairs, the photo's pixels) of the hands in front of the face whose FaceMesh
     * landmarks are {@code facePoints} (x, y pairs): hands found in a square twice the face's width
     * about it whose outline lies at least {@link #MIN_OVER_FACE} inside the face's outline. A hand
     * beside the face, or a false find on the neck or a shoulder, does not count.
     */
    public List<double[]> overFace(RgbImage photo, double[] facePoints) {
        double[] oval = FaceMesh.ovalOfPoints(facePoints);
        double[] box = BoundingBox.of(oval);
        double side = 2 * Math.max(box[2] - box[0], box[3] - box[1]);
        List<double[]> over = new ArrayList<>();
        for (Hand hand : find(photo, (box[0] + box[2] - side) / 2, (box[1] + box[3] - side) / 2, side)) {
            double[] outline = hand.outline();
            if (shareInside(outline, oval) >= MIN_OVER_FACE) {
                over.add(outline);
            }
        }
        return over;
    }

    /** The share of {@code polygon}'s area inside {@code within}, on a 24×24 grid over its bounds. */
    static double shareInside(double[] polygon, double[] within) {
        double[] box = BoundingBox.of(polygon);
        int inPolygon = 0;
        int inBoth = 0;
        for (int gy = 0; gy < 24; gy++) {
            double y = box[1] + (gy + 0.5) * (box[3] - box[1]) / 24;
            for (int gx = 0; gx < 24; gx++) {
                double x = box[0] + (gx + 0.5) * (box[2] - box[0]) / 24;
                if (FaceMesh.inside(polygon, x, y)) {
                    inPolygon++;
                    inBoth += FaceMesh.inside(within, x, y) ? 1 : 0;
                }
            }
        }
        return inPolygon == 0 ? 0 : (double) inBoth / inPolygon;
    }

    /** A palm: centre, size and the wrist and middle-finger keypoints, in the detector's input pixels. */
    record Palm(double score, double cx, double cy, double width, double height, double[] keypoints) {

        Palm inPhoto(double x, double y, double scale) {
            double[] k = keypoints.clone();
            for (int i = 0; i < k.length; i += 2) {
                k[i] = x + k[i] * scale;
                k[i + 1] = y + k[i + 1] * scale;
            }
            return new Palm(score, x + cx * scale, y + cy * scale, width * scale, height * scale, k);
        }

        double iou(Palm other) {
            double ix = Math.max(0, Math.min(cx + width / 2, other.cx + other.width / 2)
                    - Math.max(cx - width / 2, other.cx - other.width / 2));
            double iy = Math.max(0, Math.min(cy + height / 2, other.cy + other.height / 2)
                    - Math.max(cy - height / 2, other.cy - other.height / 2));
            double inter = ix * iy;
            return inter / (width * height + other.width * other.height - inter);
        }
    }

    /** Confident palms in the detector's input pixels, after non-maximum suppression. */
    static List<Palm> palms(float[] out) {
        List<Palm> candidates = new ArrayList<>();
        for (int i = 0; i < ANCHORS.length; i++) {
            int r = i * VALUES_PER_ANCHOR;
            double score = FaceDetector.sigmoid(out[r]);
            if (score < MIN_PALM_SCORE) {
                continue;
            }
            double ax = ANCHORS[i][0] * PALM_SIZE;
            double ay = ANCHORS[i][1] * PALM_SIZE;
            double[] keypoints = new double[14];
            for (int k = 0; k < 7; k++) {
                keypoints[2 * k] = out[r + 5 + 2 * k] + ax;
                keypoints[2 * k + 1] = out[r + 6 + 2 * k] + ay;
            }
            candidates.add(new Palm(score, out[r + 1] + ax, out[r + 2] + ay, out[r + 3], out[r + 4], keypoints));
        }
        candidates.sort(Comparator.comparingDouble(Palm::score).reversed());
        List<Palm> kept = new ArrayList<>();
        for (Palm candidate : candidates) {
            if (kept.size() < MAX_HANDS && kept.stream().allMatch(k -> k.iou(candidate) <= PALM_IOU)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** The 21 landmarks of the hand around {@code palm} (the photo's pixels). */
    private Hand landmarks(RgbImage photo, Palm palm) {
        double[] k = palm.keypoints();
        // the turn that brings wrist-to-middle-finger upright
        double dx = k[2 * MIDDLE_FINGER_BASE] - k[2 * WRIST];
        double dy = k[2 * MIDDLE_FINGER_BASE + 1] - k[2 * WRIST + 1];
        double angle = Math.PI / 2 + Math.atan2(dy, dx);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double size = Math.max(palm.width(), palm.height());
        // half the palm toward the fingers, along the crop's turned vertical
        double cx = palm.cx() + SHIFT_TO_FINGERS * size * sin;
        double cy = palm.cy() - SHIFT_TO_FINGERS * size * cos;
        double side = size * HAND_CROP_SCALE;
        RgbImage crop = turnedCrop(photo, cx, cy, side, cos, sin);
        List<float[]> out = models.run(ModelSpec.HANDLANDMARK, crop);
        float[] crops = out.get(0);
        double[] points = new double[42];
        for (int i = 0; i < 21; i++) {
            double u = (crops[3 * i] / HAND_SIZE - 0.5) * side;
            double v = (crops[3 * i + 1] / HAND_SIZE - 0.5) * side;
            points[2 * i] = cx + u * cos - v * sin;
            points[2 * i + 1] = cy + u * sin + v * cos;
        }
        return new Hand(points, out.get(1)[0]);
    }

    /** The square of {@code side} about ({@code cx}, {@code cy}) turned by (cos, sin), at the landmark model's size. */
    private static RgbImage turnedCrop(RgbImage photo, double cx, double cy, double side, double cos, double sin) {
        byte[] rgb = new byte[HAND_SIZE * HAND_SIZE * 3];
        byte[] from = photo.rgb();
        int w = photo.width();
        int h = photo.height();
        for (int y = 0; y < HAND_SIZE; y++) {
            double v = ((y + 0.5) / HAND_SIZE - 0.5) * side;
            for (int x = 0; x < HAND_SIZE; x++) {
                double u = ((x + 0.5) / HAND_SIZE - 0.5) * side;
                double sx = cx + u * cos - v * sin - 0.5;
                double sy = cy + u * sin + v * cos - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    double top = at(from, w, h, x0, y0, c) * (1 - fx) + at(from, w, h, x0 + 1, y0, c) * fx;
                    double bottom = at(from, w, h, x0, y0 + 1, c) * (1 - fx) + at(from, w, h, x0 + 1, y0 + 1, c) * fx;
                    rgb[(y * HAND_SIZE + x) * 3 + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return new RgbImage(HAND_SIZE, HAND_SIZE, rgb);
    }

    /** A channel of a pixel; black beyond the photo, as the letterboxing elsewhere. */
    private static int at(byte[] rgb, int w, int h, int x, int y, int c) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : rgb[(y * w + x) * 3 + c] & 0xff;
    }
}
