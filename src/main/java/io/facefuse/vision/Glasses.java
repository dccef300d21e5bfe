package io.facefuse.vision;

import io.facefuse.images.OpenCvLibrary;
import io.facefuse.models.RgbImage;
import io.facefuse.numerics.BoundingBox;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.Arrays;

/**
 * Glasses in front of a face whose lenses hide the eyes (sunglasses, dark or tinted lenses),
 * found from the landmarks on a patch of the eye band: the band is sampled along the line through the
 * eyes, at a fixed number of pixels per eye distance, so a tilted or small face is measured like a
 * large upright one. Around each eye, a bare face is skin (lids, the orbit, the upper cheek) except
 * the eye itself; a lens is not skin all around it. Where both eyes are so covered, the lenses and
 * their frame are the pixels unlike the skin in the band that are joined to the lens area around an
 * eye.
 */
public final class Glasses {

    /** Patch pixels per eye distance (centre to centre): a frame's bar is 2 or more of them. */
    static final int PER_EYE_DISTANCE = 64;
    /** Below this many pixels between the eyes there is nothing to find glasses on. */
    private static final double MIN_EYE_DISTANCE = 4;
    /** The patch spans this many eye distances along the eye line and across it (above, below). */
    private static final double HALF_WIDTH = 1.2;
    private static final double ABOVE = 0.6;
    private static final double BELOW = 0.65;
    /** The area around an eye that a lens covers and bare skin surrounds: semi-axes in eye distances. */
    private static final double LENS_ALONG = 0.34;
    private static final double LENS_ACROSS = 0.2;
    /** How far glasses may reach around an eye (large sunglasses, their frame): semi-axes in eye distances. */
    private static final double REACH_ALONG = 0.62;
    private static final double REACH_ACROSS = 0.42;
    /** A pixel this far from the skin's colour (L*a*b*, lightness halved) is not skin. */
    static final double NOT_SKIN = 14;
    /**
     * The share of the lens area (the eye itself left out) that must be unlike skin around both eyes:
     * sunglasses on the sample faces measured 0.89-1, bare faces at most 0.70 on their less covered
     * eye (dark eye make-up, a shadowed orbit beside a lit cheek).
     */
    static final double COVERED = 0.8;

    /** FaceMesh's eye contours (the subject's right eye, then the left). */
    static final int[] RIGHT_EYE = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246};
    static final int[] LEFT_EYE = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466};
    /** Skin away from where glasses sit: the forehead's centre, the cheeks beside the nose's wings, the chin. */
    private static final int[] SKIN_PATCHES = {151, 205, 425, 199};
    private static final int CHEEK_LEFT = 234;
    private static final int CHEEK_RIGHT = 454;

    /**
     * What was measured: the share of each lens area unlike the skin, the patch (null for a face too
     * small to measure), where glasses were found (null where none were), as 0-1 per patch pixel, and
     * the skin's colour they were told from (L*a*b*; null for a face too small to measure).
     */
    public record Found(double rightCovered, double leftCovered, Patch patch, float[] lenses, double[] skin) {

        /** No glasses: where it is known that there are none, or there was no band to look on. */
        public static final Found NONE = new Found(0, 0, null, null, null);

        public boolean any() {
            return lenses != null;
        }

        /**
         * How far the colour {@code r, g, b} is from this face's skin, in units of {@link Glasses#NOT_SKIN}:
         * from 1 on, the glasses were told from the skin by such pixels. The engine uses it to keep
         * the lens maps of {@link #over} off the skin their softened edge reaches. Only for a face
         * measured (a patch and a skin colour: always where {@link #any()}).
         */
        public double fromSkin(float r, float g, float b) {
            return distance(Lab.fromRgb(Math.round(r), Math.round(g), Math.round(b)), skin) / NOT_SKIN;
        }

        /** How much the glasses hide at photo point {@code x, y}, 0 to 1. */
        public float at(double x, double y) {
            return lenses == null ? 0 : patch.sample(lenses, x, y);
        }

        /**
         * How much of each pixel of the box {@code x0, y0, width, height} of the photo the glasses
         * hide, 0 to 1 (bilinear between the patch's pixels); all 0 where none were found.
         */
        public float[] over(int x0, int y0, int width, int height) {
            float[] out = new float[width * height];
            if (lenses == null) {
                return out;
            }
            // only where the patch lies: the box of its corners in the photo
            double[] corners = new double[8];
            for (int corner = 0; corner < 4; corner++) {
                double u = (corner & 1) * (patch.width() - 1);
                double v = (corner >> 1) * (patch.height() - 1);
                corners[2 * corner] = patch.photoX(u, v);
                corners[2 * corner + 1] = patch.photoY(u, v);
            }
            double[] box = BoundingBox.of(corners);
            int fromX = Math.max(0, (int) Math.floor(box[0]) - x0);
            int toX = Math.min(width, (int) Math.ceil(box[2]) + 1 - x0);
            int fromY = Math.max(0, (int) Math.floor(box[1]) - y0);
            int toY = Math.min(height, (int) Math.ceil(box[3]) + 1 - y0);
            for (int y = fromY; y < toY; y++) {
                for (int x = fromX; x < toX; x++) {
                    out[y * width + x] = patch.sample(lenses, x0 + x, y0 + y);
                }
            }
            return out;
        }
    }

    /**
     * The eye band's frame: {@code origin} is the photo point at patch pixel (0, 0); a patch pixel
     * step is {@code along} (x, y in the photo) to the right and {@code across} downward.
     */
    public record Patch(double originX, double originY, double alongX, double alongY, double acrossX, double acrossY,
                        int width, int height) {

        double photoX(double u, double v) {
            return originX + u * alongX + v * acrossX;
        }

        double photoY(double u, double v) {
            return originY + u * alongY + v * acrossY;
        }

        /** The patch column at photo point {@code x, y}: along and across are orthogonal and equally long. */
        double u(double x, double y) {
            return ((x - originX) * alongX + (y - originY) * alongY) / (alongX * alongX + alongY * alongY);
        }

        /** The patch row at photo point {@code x, y}. */
        double v(double x, double y) {
            return ((x - originX) * acrossX + (y - originY) * acrossY) / (alongX * alongX + alongY * alongY);
        }

        /** {@code values} (one per patch pixel) at photo pixel {@code x, y}, bilinearly; 0 outside. */
        float sample(float[] values, double x, double y) {
            double u = u(x, y);
            double v = v(x, y);
            if (u < 0 || v < 0 || u > width - 1 || v > height - 1) {
                return 0;
            }
            int u0 = Math.min(width - 2, (int) u);
            int v0 = Math.min(height - 2, (int) v);
            double fu = u - u0;
            double fv = v - v0;
            int i = v0 * width + u0;
            double top = values[i] * (1 - fu) + values[i + 1] * fu;
            double bottom = values[i + width] * (1 - fu) + values[i + width + 1] * fu;
            return (float) (top * (1 - fv) + bottom * fv);
        }
    }

    private Glasses() {
    }

    /** Looks for glasses on the face of {@code photo} whose landmarks (x, y pairs, FaceMesh's 468) are {@code points}. */
    public static Found find(RgbImage photo, double[] points) {
        return measure(photo, points, true);
    }

    /**
     * Whether glasses hide the eyes of that face, as {@link #find} would say, without working out
     * where they lie (moderation's question: it needs no lens map).
     */
    public static boolean hideTheEyes(RgbImage photo, double[] points) {
        Found found = measure(photo, points, false);
        return found.rightCovered() >= COVERED && found.leftCovered() >= COVERED;
    }

    private static Found measure(RgbImage photo, double[] points, boolean mapped) {
        double[] eyes = eyeCentres(points);
        double[] right = {eyes[0], eyes[1]};
        double[] left = {eyes[2], eyes[3]};
        double eyeDistance = Math.hypot(left[0] - right[0], left[1] - right[1]);
        if (!(eyeDistance >= MIN_EYE_DISTANCE)) {
            // no band to measure (and no frame to build one on, for landmarks that are not a face's)
            return Found.NONE;
        }
        double step = eyeDistance / PER_EYE_DISTANCE;
        double ax = (left[0] - right[0]) / eyeDistance * step;
        double ay = (left[1] - right[1]) / eyeDistance * step;
        int width = (int) Math.round(2 * HALF_WIDTH * PER_EYE_DISTANCE);
        int height = (int) Math.round((ABOVE + BELOW) * PER_EYE_DISTANCE);
        double midX = (left[0] + right[0]) / 2;
        double midY = (left[1] + right[1]) / 2;
        double uMid = HALF_WIDTH * PER_EYE_DISTANCE;
        double vMid = ABOVE * PER_EYE_DISTANCE;
        // across is along turned a quarter clockwise: downward on an upright face
        Patch patch = new Patch(midX - uMid * ax + vMid * ay, midY - uMid * ay - vMid * ax, ax, ay, -ay, ax, width, height);

        double[] skin = skinColour(photo, points);
        boolean[] notSkin = new boolean[width * height];
        boolean[] farFromSkin = new boolean[width * height];
        byte[] pixels = new byte[width * height * 3];
        float[] colour = new float[3];
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                double x = patch.photoX(u, v);
                double y = patch.photoY(u, v);
                boolean beyond = x < 0 || y < 0 || x > photo.width() - 1 || y > photo.height() - 1;
                // the cut below reads every patch pixel's colour: beyond the photo, the photo's edge
                photo.sample(Math.clamp(x, 0, photo.width() - 1), Math.clamp(y, 0, photo.height() - 1), colour, 0);
                int i = v * width + u;
                for (int c = 0; c < 3; c++) {
                    pixels[3 * i + c] = (byte) Math.round(colour[c]);
                }
                if (beyond) {
                    continue; // nothing to measure there
                }
                double d = distance(Lab.fromRgb(Math.round(colour[0]), Math.round(colour[1]), Math.round(colour[2])), skin);
                notSkin[i] = d > NOT_SKIN;
                farFromSkin[i] = d > 2 * NOT_SKIN;
            }
        }
        double[] rightOnPatch = {uMid - PER_EYE_DISTANCE / 2.0, vMid};
        double[] leftOnPatch = {uMid + PER_EYE_DISTANCE / 2.0, vMid};
        boolean[] rightEye = eyeOpening(points, RIGHT_EYE, patch);
        boolean[] leftEye = eyeOpening(points, LEFT_EYE, patch);
        double rightCovered = covered(notSkin, rightEye, rightOnPatch, width, height);
        double leftCovered = covered(notSkin, leftEye, leftOnPatch, width, height);
        if (rightCovered < COVERED || leftCovered < COVERED || !mapped) {
            return new Found(rightCovered, leftCovered, patch, null, skin);
        }
        return new Found(rightCovered, leftCovered, patch,
                lenses(notSkin, farFromSkin, pixels, rightOnPatch, leftOnPatch, width, height), skin);
    }

    /** How far a colour is from the skin's, both L*a*b*, lightness counted at half (light varies across skin). */
    private static double distance(double[] colour, double[] skin) {
        double dl = (colour[0] - skin[0]) / 2;
        double da = colour[1] - skin[1];
        double db = colour[2] - skin[2];
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    /** The share of the lens area around an eye, the eye itself left out, that is not skin. */
    private static double covered(boolean[] notSkin, boolean[] eye, double[] centre, int width, int height) {
        int inside = 0;
        int unlike = 0;
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                int i = v * width + u;
                if (eye[i] || !inEllipse(u, v, centre, LENS_ALONG, LENS_ACROSS)) {
                    continue;
                }
                inside++;
                if (notSkin[i]) {
                    unlike++;
                }
            }
        }
        return inside == 0 ? 0 : (double) unlike / inside;
    }

    /**
     * The pixels unlike skin within the glasses' reach (around each eye and the bridge between),
     * closed over small gaps (glints, a thin rim of lighter frame), and kept where they join a lens
     * area; then cut along the glasses' edge ({@link #cut}); softened by a pixel.
     */
    private static float[] lenses(boolean[] notSkin, boolean[] farFromSkin, byte[] pixels, double[] right, double[] left,
                                  int width, int height) {
        OpenCvLibrary.ready();
        byte[] candidate = new byte[width * height];
        byte[] seed = new byte[width * height];
        double bridgeTop = right[1] - LENS_ACROSS * PER_EYE_DISTANCE;
        double bridgeBottom = right[1] + 0.05 * PER_EYE_DISTANCE;
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                int i = v * width + u;
                boolean reach = inEllipse(u, v, right, REACH_ALONG, REACH_ACROSS)
                        || inEllipse(u, v, left, REACH_ALONG, REACH_ACROSS)
                        || (u > right[0] && u < left[0] && v > bridgeTop && v < bridgeBottom);
                if (reach && notSkin[i]) {
                    candidate[i] = 1;
                }
                if (inEllipse(u, v, right, LENS_ALONG, LENS_ACROSS) || inEllipse(u, v, left, LENS_ALONG, LENS_ACROSS)) {
                    seed[i] = 1;
                }
            }
        }
        Mat mask = new Mat(height, width, CvType.CV_8UC1);
        Mat labels = new Mat();
        Mat round = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(5, 5));
        Mat grow = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(5, 5));
        try {
            mask.put(0, 0, candidate);
            Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, round);
            byte[] closed = new byte[candidate.length];
            mask.get(0, 0, closed);
            int count = Imgproc.connectedComponents(mask, labels, 8, CvType.CV_32S);
            int[] label = new int[candidate.length];
            labels.get(0, 0, label);
            boolean[] keep = new boolean[count];
            for (int i = 0; i < label.length; i++) {
                if (label[i] != 0 && seed[i] != 0) {
                    keep[label[i]] = true;
                }
            }
            byte[] kept = new byte[candidate.length];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = keep[label[i]] && closed[i] != 0 ? (byte) 255 : 0;
            }
            cut(kept, seed, farFromSkin, pixels, width, height);
            // grown by two pixels, then softened across one: the lens's soft edge (a blurred or upscaled photo's
            // few pixels from lens to skin) stays covered, not replaced by the user's lighter skin
            mask.put(0, 0, kept);
            Imgproc.dilate(mask, mask, grow);
            Imgproc.blur(mask, mask, new Size(3, 3));
            mask.get(0, 0, kept);
            float[] out = new float[kept.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (kept[i] & 0xff) / 255f;
            }
            return out;
        } finally {
            mask.release();
            labels.release();
            round.release();
            grow.release();
        }
    }

    /**
     * Skin in shadow beside a lens is as unlike the lit skin as a lighter lens is, and joined to it,
     * so {@code kept} takes it in: a patch of shadowed cheek under the lens that the engine then kept
     * in its own colour. A lens ends at an edge, a shadow fades: one round of GrabCut over the patch
     * (the lens areas' pixels far from the skin certainly glasses, all that is not kept certainly not,
     * the rest of {@code kept} for the cut to decide) keeps what is like the lenses' colours and
     * bounded by their edge (further rounds changed the sunglasses photos' maps by about 1%). It adds
     * 7-13 ms to a face's search, paid only where glasses were found and a lens map is asked for.
     */
    private static void cut(byte[] kept, byte[] lensArea, boolean[] farFromSkin, byte[] pixels, int width, int height) {
        byte[] seeds = new byte[kept.length];
        boolean certain = false;
        for (int i = 0; i < seeds.length; i++) {
            boolean core = kept[i] != 0 && lensArea[i] != 0 && farFromSkin[i];
            certain |= core;
            seeds[i] = (byte) (kept[i] == 0 ? Imgproc.GC_BGD : core ? Imgproc.GC_FGD : Imgproc.GC_PR_FGD);
        }
        if (!certain) {
            return; // lenses close to the skin's colour throughout: nothing to tell a shadow from
        }
        Mat image = new Mat(height, width, CvType.CV_8UC3);
        Mat labels = new Mat(height, width, CvType.CV_8UC1);
        Mat background = new Mat();
        Mat foreground = new Mat();
        try {
            image.put(0, 0, pixels);
            labels.put(0, 0, seeds);
            Imgproc.grabCut(image, labels, new Rect(), background, foreground, 1, Imgproc.GC_INIT_WITH_MASK);
            labels.get(0, 0, seeds);
        } finally {
            image.release();
            labels.release();
            background.release();
            foreground.release();
        }
        for (int i = 0; i < kept.length; i++) {
            if ((seeds[i] & 1) == 0) {
                kept[i] = 0; // GC_FGD (1) and GC_PR_FGD (3) are the odd labels
            }
        }
    }

    /** The eye's opening (its contour) on the patch, grown by 15%. */
    private static boolean[] eyeOpening(double[] points, int[] eye, Patch patch) {
        double[] polygon = new double[eye.length * 2];
        for (int k = 0; k < eye.length; k++) {
            polygon[2 * k] = patch.u(points[2 * eye[k]], points[2 * eye[k] + 1]);
            polygon[2 * k + 1] = patch.v(points[2 * eye[k]], points[2 * eye[k] + 1]);
        }
        float[] filled = FaceMesh.rasterized(FaceMesh.scaled(polygon, 1.15), patch.width(), patch.height());
        boolean[] out = new boolean[filled.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = filled[i] > 0;
        }
        return out;
    }

    private static boolean inEllipse(double u, double v, double[] centre, double along, double across) {
        double du = (u - centre[0]) / (along * PER_EYE_DISTANCE);
        double dv = (v - centre[1]) / (across * PER_EYE_DISTANCE);
        return du * du + dv * dv <= 1;
    }

    /** The median L*a*b* of small discs of skin away from where glasses sit. */
    private static double[] skinColour(RgbImage photo, double[] points) {
        double faceWidth = Math.hypot(points[2 * CHEEK_RIGHT] - points[2 * CHEEK_LEFT],
                points[2 * CHEEK_RIGHT + 1] - points[2 * CHEEK_LEFT + 1]);
        int radius = (int) Math.max(1, Math.round(faceWidth * 0.05));
        double[][] samples = new double[SKIN_PATCHES.length * (2 * radius + 1) * (2 * radius + 1)][];
        int n = 0;
        for (int p : SKIN_PATCHES) {
            int cx = (int) Math.round(points[2 * p]);
            int cy = (int) Math.round(points[2 * p + 1]);
            for (int y = cy - radius; y <= cy + radius; y++) {
                for (int x = cx - radius; x <= cx + radius; x++) {
                    if (x < 0 || y < 0 || x >= photo.width() || y >= photo.height()
                            || (x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius) {
                        continue;
                    }
                    int i = (y * photo.width() + x) * 3;
                    samples[n++] = Lab.fromRgb(photo.rgb()[i] & 0xff, photo.rgb()[i + 1] & 0xff, photo.rgb()[i + 2] & 0xff);
                }
            }
        }
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            int channel = c;
            double[] values = Arrays.stream(samples, 0, n).mapToDouble(s -> s[channel]).sorted().toArray();
            median[c] = n == 0 ? 0 : values[n / 2];
        }
        return median;
    }

    /** The centres of the eyes (the means of their contours' landmarks): the right eye's x, y, then the left's. */
    public static double[] eyeCentres(double[] points) {
        double[] out = new double[4];
        int[][] eyes = {RIGHT_EYE, LEFT_EYE};
        for (int e = 0; e < 2; e++) {
            for (int p : eyes[e]) {
                out[2 * e] += points[2 * p] / eyes[e].length;
                out[2 * e + 1] += points[2 * p + 1] / eyes[e].length;
            }
        }
        return out;
    }
}
