package io.facefuse.fusion;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.vision.FaceBlender;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Glasses;
import io.facefuse.vision.HandFinder;
import io.facefuse.vision.Lab;
import io.facefuse.vision.SkinColour;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Puts a user's face into a template face:
 * <ol>
 * <li>turn the user's landmarks in space onto the template's (similarity Procrustes in 3D) and move
 * the template's face toward the user's proportions: its outline by the profile degree, its
 * features (eyes, brows, nose, mouth) by the face degree;</li>
 * <li>when the shape moved, move the template's face to it and its surroundings along
 * ({@link TemplateReshape}); warp the user's face onto the shape, triangle by triangle, the side a
 * turned face hides taken from the other side, mirrored ({@link HiddenSide});</li>
 * <li>move the user's skin colour to the template's in L*a*b* (mean and spread, Reinhard; lightness also
 * scaled as light scales it, chroma's spread never widened);</li>
 * <li>mix the user's and the template's features by the face degree, inside a feathered mask of
 * the face outline, less what is in front of either face ({@link FaceOcclusion}: the template's hair,
 * a hand found there at upload and sunglasses ({@link Glasses}) stay in front; the user's hair and
 * hands are left behind, the user's sunglasses come along as part of their look, their lenses' colour
 * kept by the colour transfer and the seam correction);</li>
 * <li>correct the seam with the multi-band blending model (DJL): its low-frequency difference from
 * a plain composite is added back at full resolution, so the detail stays sharp.</li>
 * </ol>
 * Blocking work. The canvas is changed in place, so several faces go into one template in turn.
 */
public final class FaceFusionEngine {

    /**
     * How much of the user (0 to 1): {@code face} their features (their look and their proportions)
     * and skin, {@code profile} their face shape (the outline).
     */
    public record Degrees(double face, double profile) {
        public Degrees {
            if (face < 0 || face > 1 || profile < 0 || profile > 1) {
                throw new IllegalArgumentException("degrees are 0 to 1");
            }
        }
    }

    /**
     * A face to fuse: its 468 FaceMesh landmarks (x, y, z) in its photo's pixels, its skin colour,
     * whether a hand was found in front of it (a template face: the hand then stays in front), and, for
     * a user's face, whether sunglasses hide its eyes where that is known (moderation measured it with
     * the same landmarks on the same pixels; null: the engine looks).
     */
    public record Face(double[] landmarks, SkinColour skin, boolean handsInFront, Boolean sunglasses) {

        public Face(double[] landmarks, SkinColour skin, boolean handsInFront) {
            this(landmarks, skin, handsInFront, null);
        }

        public Face(double[] landmarks, SkinColour skin) {
            this(landmarks, skin, false, null);
        }
    }

    private static final double REGION_MARGIN = 0.25;
    private static final double MASK_SHRINK = 0.94;
    /**
     * How far inside the outline, in face widths, a landmark belongs wholly to the features (the face
     * degree moves it) rather than to the outline (the profile degree): eye and mouth corners lie
     * beyond it, the cheeks between. 0.06 to 0.3 measured alike on the quality harness.
     */
    private static final double FEATURE_RAMP = 0.1;
    /** FaceMesh's outer eye corners, mouth corners and nose tip. */
    private static final int[] INNER_POINTS = {33, 263, 61, 291, 1};

    private final FaceBlender blender;
    /** Null where the hand models are not loaded: no hand is then kept in front. */
    private final HandFinder hands;

    public FaceFusionEngine(ModelRegistry models) {
        this.blender = new FaceBlender(models);
        this.hands = models.isLoaded(ModelSpec.HANDDETECT) && models.isLoaded(ModelSpec.HANDLANDMARK)
                ? new HandFinder(models) : null;
    }

    /** Fuses {@code user}'s face into {@code canvas} at {@code target}; answers the time per stage (ms). */
    public Map<String, Double> fuse(RgbImage canvas, Face target, RgbImage user, Face source, Degrees degrees) {
        return fuse(canvas, target, user, source, degrees, new double[0]);
    }

    /**
     * As above; {@code keep} (x, y pairs: the outlines of the template's other faces) do not move when
     * the profile degree reshapes the template around {@code target}.
     */
    public Map<String, Double> fuse(RgbImage canvas, Face target, RgbImage user, Face source, Degrees degrees,
                                    double[] keep) {
        Map<String, Double> millis = new LinkedHashMap<>();
        // hands over the user's face are looked for on another core (the palm detector and the landmarks of
        // each palm, 25-40 ms: the longest single task of a fusion) while this one reshapes, warps and
        // colours, then cuts both faces (GrabCut, about 8 ms each; with the user's cut on the other core too,
        // this one waited about 20 ms for it)
        double[] userPoints = xy(source.landmarks());
        CompletableFuture<List<double[]>> userHands = CompletableFuture.supplyAsync(() ->
                hands == null ? List.of() : hands.overFace(user, userPoints));
        long start = System.nanoTime();
        double[] shape = targetShape(target.landmarks(), source.landmarks(), degrees);
        int[] triangles = Delaunay.triangulate(shape);
        Region region = Region.around(shape, REGION_MARGIN, canvas.width(), canvas.height());
        millis.put("align", elapsed(start));

        start = System.nanoTime();
        double[] templatePoints = xy(target.landmarks());
        if (!Arrays.equals(shape, templatePoints)) {
            // the template's face, and what lies around it, now stands in the target shape
            TemplateReshape.apply(canvas, templatePoints, shape, triangles, keep);
        }
        // the side a turned face hides comes from the other side: one measure for the face and its mask
        double[] seen = HiddenSide.visibility(source.landmarks(), target.landmarks(), triangles);
        PiecewiseAffineWarp.Warped face = HiddenSide.warp(user, userPoints, seen, shape, triangles, region);
        float[] templateRegion = region.copyOf(canvas.rgb(), canvas.width());
        millis.put("warp", elapsed(start));

        start = System.nanoTime();
        // the user's sunglasses come along as they are: neither the colour transfer nor the seam correction
        // takes their lenses toward the template's skin (both together made dark lenses a see-through brown)
        Region userRegion = Region.around(userPoints, REGION_MARGIN, user.width(), user.height());
        Glasses.Found userGlasses = Boolean.FALSE.equals(source.sunglasses()) ? Glasses.Found.NONE
                : Glasses.find(user, userPoints);
        float[] userLenses = userLenses(userGlasses, userRegion, userPoints, seen, shape, triangles, region);
        float[] features = face.rgb();
        // only the lenses' own colour is kept: a pixel at the lens's edge, part skin, kept as it was showed
        // as a fringe of the user's own skin colour, so the share kept rises from the detection threshold
        unlikeSkinOnly(userLenses, features, userGlasses, 1);
        transferColour(features, face.covered(), source.skin(), target.skin(), userLenses);
        for (int i = 0; i < features.length; i++) {
            if (face.covered()[i / 3] > 0) {
                features[i] = (float) (degrees.face() * features[i] + (1 - degrees.face()) * templateRegion[i]);
            }
        }
        millis.put("colour", elapsed(start));

        start = System.nanoTime();
        for (int i = 0; i < features.length; i++) {
            if (face.covered()[i / 3] == 0) {
                // the template beyond the warped face, not black: the blending pyramid reads past the
                // mask's edge, and black there came back as a bright band just inside it
                features[i] = templateRegion[i];
            }
        }
        float[] mask = mask(shape, region, face.covered());
        millis.put("mask", elapsed(start));

        start = System.nanoTime();
        // what is in front of either face is the template's: its hair stays in front of the new face,
        // and the user's hair is not carried over (the template's face shows there instead); a hand
        // found in front of the template's face at upload is found again where the reshape put it
        boolean findHands = target.handsInFront() && hands != null;
        float[] shown = FaceOcclusion.of(canvas, shape, region, findHands ? hands.overFace(canvas, shape) : List.of())
                .over(region);
        FaceOcclusion.Visibility userCut = FaceOcclusion.of(user, userPoints, userRegion, List.of());
        float[] userShown = userShown(userCut.hiding(userHands.join()), userPoints, seen, shape, triangles, region);
        for (int i = 0; i < shown.length; i++) {
            shown[i] *= userShown[i];
        }
        // the segmentation's pixels are several of the region's: soften their steps along hair's edge, on
        // the side where the face shows (2 × blurred − 1 is 0 up to the edge): softened across it, a strand
        // of the user's hair left behind still showed at half strength along its edge, a dark rim once the
        // colour transfer kept dark features dark
        shown = Region.blurred(shown, region.width, region.height, Math.max(1, region.width / FaceOcclusion.WIDTH));
        // glasses whose lenses hide the template's eyes stay in front, measured at full resolution (a
        // frame's bar is a few pixels). The user's come along: left behind, they showed the template's eyes
        // in the user's face inside a faint ring of the lens's edge
        Glasses.Found glasses = Glasses.find(canvas, shape);
        float[] lenses = glasses.any() ? glasses.over(region.x0, region.y0, region.width, region.height) : null;
        unlikeSkinOnly(lenses, templateRegion, glasses, 0.5);
        for (int i = 0; i < mask.length; i++) {
            mask[i] *= Math.max(0, 2 * shown[i] - 1) * (lenses == null ? 1 : 1 - lenses[i]);
        }
        millis.put("occlusion", elapsed(start));

        start = System.nanoTime();
        float[] composite = new float[templateRegion.length];
        for (int i = 0; i < composite.length; i++) {
            float m = mask[i / 3];
            composite[i] = m * features[i] + (1 - m) * templateRegion[i];
        }
        float[] corrected = seamCorrected(features, templateRegion, composite, mask, region, either(lenses, userLenses));
        region.writeInto(canvas.rgb(), canvas.width(), corrected);
        millis.put("blend", elapsed(start));
        return millis;
    }

    /**
     * The shape (x, y pairs) the user's face is warped to: the template face's landmarks moved toward
     * the user's, the outline by the profile degree (the face's shape) and the eyes, brows, nose and
     * mouth by the face degree (the features are the user's in their own proportions, as FuseFace's
     * two sliders mean), the landmarks between by a mix of both ({@link #featureShare}). The user's
     * landmarks are first turned in space onto the template's (FaceMesh's x, y, z), so that only the
     * face's proportions move and the template's pose stays: aligned in the image plane alone, a
     * turned template face was pulled toward a frontal outline, and its own eye and lips showed beside
     * their moved copies.
     */
    static double[] targetShape(double[] templateLandmarks, double[] userLandmarks, Degrees degrees) {
        double[] template = xy(templateLandmarks);
        double[] user = xy(Procrustes.align3d(userLandmarks, templateLandmarks));
        double[] feature = featureShare(templateLandmarks);
        double[] shape = new double[template.length];
        for (int i = 0; i < shape.length; i++) {
            double share = feature[i / 2];
            double t = (1 - share) * degrees.profile() + share * degrees.face();
            shape[i] = template[i] + t * (user[i] - template[i]);
        }
        return shape;
    }

    /**
     * Per landmark, how far it belongs to the features rather than the outline: 0 on the outline,
     * rising smoothly to 1 at {@link #FEATURE_RAMP} inside it. Distances are taken in space
     * (FaceMesh's x, y, z), so the foreshortened side of a turned face is not taken for its edge.
     */
    private static double[] featureShare(double[] landmarks) {
        double width = Math.sqrt(squaredDistance(landmarks, 234, 454));
        double ramp = FEATURE_RAMP * width;
        double[] out = new double[landmarks.length / 3];
        for (int i = 0; i < out.length; i++) {
            double nearest = Double.MAX_VALUE;
            for (int j : FaceMesh.FACE_OVAL) {
                nearest = Math.min(nearest, squaredDistance(landmarks, i, j));
            }
            double t = Math.min(1, Math.sqrt(nearest) / ramp);
            out[i] = t * t * (3 - 2 * t);
        }
        return out;
    }

    /** The squared distance in space between landmarks {@code a} and {@code b} (x, y, z). */
    private static double squaredDistance(double[] landmarks, int a, int b) {
        double dx = landmarks[3 * a] - landmarks[3 * b];
        double dy = landmarks[3 * a + 1] - landmarks[3 * b + 1];
        double dz = landmarks[3 * a + 2] - landmarks[3 * b + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    /**
     * Where the user's photo shows their face itself ({@code visibility}), carried onto {@code shape}
     * the way their pixels are (the hidden side's mirror fill included), per pixel of the region.
     */
    private static float[] userShown(FaceOcclusion.Visibility visibility, double[] userPoints, double[] seen,
                                     double[] shape, int[] triangles, Region region) {
        return carried(visibility.picture(), visibility.onPicture(userPoints), seen, shape, triangles, region);
    }

    /**
     * Where the user's {@code glasses} are, read over {@code around} (the user's face in their photo) and
     * carried onto {@code shape} the way the user's pixels are, per pixel of the region, 0 to 1; null
     * where none were found.
     */
    private static float[] userLenses(Glasses.Found glasses, Region around, double[] userPoints, double[] seen,
                                      double[] shape, int[] triangles, Region region) {
        if (!glasses.any()) {
            return null;
        }
        float[] lenses = glasses.over(around.x0, around.y0, around.width, around.height);
        byte[] picture = new byte[lenses.length * 3];
        for (int i = 0; i < lenses.length; i++) {
            picture[3 * i] = (byte) Math.round(lenses[i] * 255);
        }
        double[] onPicture = new double[userPoints.length];
        for (int i = 0; i < userPoints.length; i += 2) {
            onPicture[i] = userPoints[i] - around.x0;
            onPicture[i + 1] = userPoints[i + 1] - around.y0;
        }
        return carried(new RgbImage(around.width, around.height, picture), onPicture, seen, shape, triangles, region);
    }

    /**
     * A map of the user's photo held in {@code picture}'s red channel (0-255; the user's landmarks on it
     * are {@code onPicture}), warped onto {@code shape} like the user's pixels, as 0-1 per pixel of the region.
     */
    private static float[] carried(RgbImage picture, double[] onPicture, double[] seen, double[] shape, int[] triangles,
                                   Region region) {
        PiecewiseAffineWarp.Warped warped = HiddenSide.warp(picture, onPicture, seen, shape, triangles, region);
        float[] out = new float[region.pixels()];
        for (int i = 0; i < out.length; i++) {
            out[i] = warped.rgb()[3 * i] / 255f;
        }
        return out;
    }

    /**
     * Of {@code lenses} (null: none), keeps the pixels of {@code rgb} unlike the skin of the face the
     * {@code glasses} were found on: none where a pixel is {@code from} or less of the threshold that
     * told the glasses from the skin away from the skin ({@link Glasses.Found#fromSkin}), all from twice
     * that. The map's softened edge reaches past the frame over skin, which belongs to the fused face
     * like the rest of it (kept, the template's skin showed as pale rims below its lenses, and the
     * user's, not given the template's colour, as patches of their own pink).
     */
    private static void unlikeSkinOnly(float[] lenses, float[] rgb, Glasses.Found glasses, double from) {
        if (lenses == null) {
            return;
        }
        for (int p = 0; p < lenses.length; p++) {
            if (lenses[p] > 0) {
                double share = glasses.fromSkin(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]) / from - 1;
                lenses[p] *= (float) Math.max(0, Math.min(1, share));
            }
        }
    }

    /** Per pixel, the larger of two maps that may each be null (none). */
    private static float[] either(float[] a, float[] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    /**
     * The points of a face (landmarks x, y, z) that hold it still while another face of the same
     * template is reshaped: its outline and the corners of its eyes and mouth.
     */
    public static double[] stillPoints(double[] landmarks) {
        double[] outline = FaceMesh.oval(landmarks);
        double[] out = Arrays.copyOf(outline, outline.length + 2 * INNER_POINTS.length);
        for (int i = 0; i < INNER_POINTS.length; i++) {
            out[outline.length + 2 * i] = landmarks[3 * INNER_POINTS[i]];
            out[outline.length + 2 * i + 1] = landmarks[3 * INNER_POINTS[i] + 1];
        }
        return out;
    }

    /**
     * Reinhard colour transfer in L*a*b*, on the covered pixels: each channel's mean moves to the
     * template's and its spread is scaled, within 0.5-2. Chroma's spread is narrowed to the template's
     * where it is wider, never widened. Lightness is scaled by the geometric mean of the spread ratio and
     * the brightness ratio (L* + 16, the template's over the user's): light multiplies luminance, which in
     * L* scales L* + 16, so a face brightened by light keeps its dark features dark. The spread ratio
     * alone, when the template's face is brighter and flatter than the user's photo, lifted pupils,
     * lashes and brows as far as the skin: a washed-out face. Where {@code kept} (null: nowhere) is 1 the
     * colour stays as it is (the lenses of the user's sunglasses are not skin); between, in proportion.
     */
    static void transferColour(float[] rgb, float[] covered, SkinColour from, SkinColour to, float[] kept) {
        double brightness = (to.meanL() + 16) / Math.max(1e-6, from.meanL() + 16);
        double lightness = Math.sqrt(to.sdL() / Math.max(1e-6, from.sdL()) * brightness);
        // chroma's spread is narrowed to the template's, never widened: a template's spread holds its
        // make-up and lips, and widening a flat photo's chroma turned its compression blotches and colour
        // casts into green and purple patches
        double[] scale = {clamped(lightness), Math.min(1, ratio(to.sdA(), from.sdA())),
                Math.min(1, ratio(to.sdB(), from.sdB()))};
        double[] fromMean = {from.meanL(), from.meanA(), from.meanB()};
        double[] toMean = {to.meanL(), to.meanA(), to.meanB()};
        for (int p = 0; p < covered.length; p++) {
            if (covered[p] == 0) {
                continue;
            }
            int i = p * 3;
            double[] lab = Lab.fromRgb(Math.round(rgb[i]), Math.round(rgb[i + 1]), Math.round(rgb[i + 2]));
            for (int c = 0; c < 3; c++) {
                lab[c] = (lab[c] - fromMean[c]) * scale[c] + toMean[c];
            }
            int[] back = Lab.toRgb(lab[0], lab[1], lab[2]);
            float keep = kept == null ? 0 : kept[p];
            for (int c = 0; c < 3; c++) {
                rgb[i + c] = keep * rgb[i + c] + (1 - keep) * back[c];
            }
        }
    }

    /** The face outline, shrunk toward its centre and feathered, never beyond the warped pixels. */
    static float[] mask(double[] shape, Region region, float[] covered) {
        double[] oval = FaceMesh.scaled(FaceMesh.ovalOfPoints(shape), MASK_SHRINK);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int i = 0; i < oval.length; i += 2) {
            oval[i] -= region.x0;
            oval[i + 1] -= region.y0;
            minX = Math.min(minX, oval[i]);
            maxX = Math.max(maxX, oval[i]);
        }
        float[] mask = FaceMesh.rasterized(oval, region.width, region.height);
        int radius = (int) Math.max(2, Math.round((maxX - minX) * 0.04));
        float[] soft = Region.blurred(mask, region.width, region.height, radius);
        // falls to nothing at the warped pixels' edge, not cut there: where the outline's top meets the
        // hull of the landmarks (the forehead) the feathered mask was still a quarter on, and the cut
        // drew a line across the forehead
        float[] inside = Region.blurred(covered, region.width, region.height, radius);
        for (int i = 0; i < soft.length; i++) {
            soft[i] = Math.min(soft[i], Math.max(0, 2 * inside[i] - 1)) * covered[i];
        }
        return soft;
    }

    /**
     * The blending model at 256 px, applied as a correction: its output minus the plain composite at
     * the same size holds what multi-band blending changes (colour and shading across the seam);
     * that difference, scaled back up and faded out away from the face, is added to the
     * full-resolution composite, except on {@code lenses} (null: none), which the correction would
     * lighten toward the skin around them; their edge is a strong edge, so no seam shows there.
     */
    private float[] seamCorrected(float[] features, float[] template, float[] composite, float[] mask, Region region,
                                  float[] lenses) {
        int size = FaceBlender.SIZE;
        float[] face256 = Region.resample(features, region.width, region.height, 3, size, size);
        float[] template256 = Region.resample(template, region.width, region.height, 3, size, size);
        float[] mask256 = Region.resample(mask, region.width, region.height, 1, size, size);
        RgbImage blended = blender.blend(bytes(face256, size), bytes(template256, size), mask256);
        float[] difference = new float[face256.length];
        byte[] b = blended.rgb();
        for (int i = 0; i < difference.length; i++) {
            float m = mask256[i / 3];
            float plain = m * face256[i] + (1 - m) * template256[i];
            difference[i] = (b[i] & 0xff) - plain;
        }
        float[] up = Region.resample(difference, size, size, 3, region.width, region.height);
        // fade the correction out well outside the face, so the region's edge never shows
        float[] reach = Region.blurred(mask, region.width, region.height, Math.max(4, region.width / 12));
        float[] out = new float[composite.length];
        for (int i = 0; i < out.length; i++) {
            float fade = Math.min(1, reach[i / 3] * 2) * (lenses == null ? 1 : 1 - lenses[i / 3]);
            out[i] = Math.max(0, Math.min(255, composite[i] + fade * up[i]));
        }
        return out;
    }

    private static RgbImage bytes(float[] rgb, int size) {
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(rgb[i])));
        }
        return new RgbImage(size, size, out);
    }

    /** The x, y pairs of landmarks given as x, y, z. */
    static double[] xy(double[] landmarks) {
        return FaceMesh.xy(landmarks);
    }

    private static double ratio(double to, double from) {
        return clamped(to / Math.max(1e-6, from));
    }

    private static double clamped(double scale) {
        return Math.max(0.5, Math.min(2, scale));
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
