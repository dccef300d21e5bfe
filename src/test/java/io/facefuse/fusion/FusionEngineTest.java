package io.facefuse.fusion;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Lab;
import io.facefuse.vision.SkinColour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's stages, each on real photos and real landmarks. */
class FusionEngineTest {

    static ModelRegistry models;
    static double[] userLandmarks;
    static double[] templateLandmarks;
    static RgbImage user;
    static RgbImage template;

    @BeforeAll
    static void faces() {
        models = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.FACEMESH, ModelSpec.BLEND), Optional.empty());
        user = RgbImage.of(ImageEdits.read(Photos.bytes("sample1")));
        template = RgbImage.of(ImageEdits.read(Photos.bytes("sample6")));
        userLandmarks = landmarks(user);
        templateLandmarks = landmarks(template);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void delaunayCoversTheFaceWithTrianglesWhoseCircumcirclesAreEmpty() {
        double[] points = FaceFusionEngine.xy(templateLandmarks);
        int[] triangles = Delaunay.triangulate(points);
        int n = points.length / 2;
        // a planar triangulation of n points has at most 2n - 5 triangles, and the face needs most of them
        assertTrue(triangles.length / 3 > n && triangles.length / 3 <= 2 * n - 5, triangles.length / 3 + " triangles");
        for (int t = 0; t < triangles.length; t += 3 * 17) { // a sample of them: the Delaunay property
            double[] c = circumcircle(points, triangles[t], triangles[t + 1], triangles[t + 2]);
            for (int p = 0; p < n; p++) {
                double dx = points[2 * p] - c[0];
                double dy = points[2 * p + 1] - c[1];
                assertTrue(dx * dx + dy * dy >= c[2] * (1 - 1e-6), "point " + p + " inside triangle " + t / 3);
            }
        }
    }

    @Test
    void procrustesUndoesAScaleRotationAndShift() {
        double[] fixed = FaceFusionEngine.xy(templateLandmarks);
        double[] moved = new double[fixed.length];
        double angle = 0.3;
        for (int i = 0; i < fixed.length; i += 2) {
            moved[i] = 0.5 * (Math.cos(angle) * fixed[i] - Math.sin(angle) * fixed[i + 1]) + 40;
            moved[i + 1] = 0.5 * (Math.sin(angle) * fixed[i] + Math.cos(angle) * fixed[i + 1]) - 25;
        }
        assertArrayEquals(fixed, Procrustes.align(moved, fixed), 1e-6);
    }

    @Test
    void procrustesInSpaceUndoesATurnOfTheHead() {
        double yaw = 0.45;
        double pitch = -0.2;
        double[] moved = new double[templateLandmarks.length];
        for (int i = 0; i < moved.length; i += 3) {
            double x = templateLandmarks[i];
            double y = templateLandmarks[i + 1];
            double z = templateLandmarks[i + 2];
            double x1 = Math.cos(yaw) * x + Math.sin(yaw) * z;
            double z1 = -Math.sin(yaw) * x + Math.cos(yaw) * z;
            double y1 = Math.cos(pitch) * y - Math.sin(pitch) * z1;
            double z2 = Math.sin(pitch) * y + Math.cos(pitch) * z1;
            moved[i] = 0.6 * x1 + 30;
            moved[i + 1] = 0.6 * y1 - 70;
            moved[i + 2] = 0.6 * z2 + 5;
        }
        assertArrayEquals(templateLandmarks, Procrustes.align3d(moved, templateLandmarks), 1e-6);
    }

    /**
     * At profile degree 100 the template's face takes the user's outline in its own pose: the face
     * FaceMesh finds in the output (face degree 0: the template's own features, where they were) is
     * as much wider across the cheeks as the target shape, at least a quarter of the way (the model
     * reads the outline partly from the features inside it, which stay, so it does not follow all the
     * way; for the same reason the forehead's top, which no edge marks, is not measured).
     */
    @Test
    void theProfileDegreeGivesTheTemplatesFaceTheUsersProportions() {
        // the template's second face: turned and tilted, its outline further from the user's
        DetectedFace second = new FaceDetector(models).detect(template).stream()
                .sorted(Comparator.comparingDouble(DetectedFace::area).reversed()).skip(1).findFirst().orElseThrow();
        double[] turned = new FaceAnalysis(models).landmarks(template, second).points();
        double[] own = FaceFusionEngine.xy(turned);
        FaceFusionEngine.Degrees degrees = new FaceFusionEngine.Degrees(0, 1);
        double[] shape = FaceFusionEngine.targetShape(turned, userLandmarks, degrees);
        double[] found = landmarksAfterFusing(turned, degrees);
        // cheek to cheek at the ears, the cheekbones and below them
        for (int[] span : new int[][] {{234, 454}, {93, 323}, {132, 361}}) {
            assertMovedToward(own, shape, found, span, 0.25);
        }
    }

    /**
     * The two degrees split the face as FuseFace's sliders do: the face degree moves the features
     * (eye and mouth corners, the nose) to the user's proportions, the profile degree the outline,
     * each leaving the other where the template has it; both at 0 is the template, both at 100 the
     * user, turned into the template's pose.
     */
    @Test
    void theFaceDegreeMovesTheFeaturesAndTheProfileDegreeTheOutline() {
        double[] own = FaceFusionEngine.xy(templateLandmarks);
        double[] aligned = FaceFusionEngine.xy(Procrustes.align3d(userLandmarks, templateLandmarks));
        double[] features = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(1, 0));
        double[] outline = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(0, 1));
        for (int p : new int[] {33, 263, 133, 362, 61, 291, 1, 4}) {
            assertTrue(distance(own, p, p, aligned) > 1, "the user's landmark " + p + " lies elsewhere");
            assertEquals(0, distance(features, p, p, aligned), 1e-9, "face degree 100: landmark " + p + " is the user's");
            assertEquals(0, distance(outline, p, p, own), 1e-9, "profile degree 100: landmark " + p + " is the template's");
        }
        for (int p : FaceMesh.FACE_OVAL) {
            assertEquals(0, distance(features, p, p, own), 1e-9, "face degree 100: outline point " + p + " is the template's");
            assertEquals(0, distance(outline, p, p, aligned), 1e-9, "profile degree 100: outline point " + p + " is the user's");
        }
        assertArrayEquals(own, FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(0, 0)));
        assertArrayEquals(aligned,
                FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(1, 1)), 1e-9);
    }

    /**
     * At face degree 100 and profile degree 0 the fused face has the user's features in their own
     * proportions inside the template's outline: from between the eyes to below the lips, FaceMesh
     * finds the output at least a third of the way from the template's span to the target shape's
     * (until the face degree moved the features, the user's were warped into the template's
     * proportions and the span stayed the template's), and the cheek-to-cheek span stays the
     * template's.
     */
    @Test
    void theFaceDegreeGivesTheFusedFaceTheUsersFeatureProportions() {
        double[] own = FaceFusionEngine.xy(templateLandmarks);
        FaceFusionEngine.Degrees degrees = new FaceFusionEngine.Degrees(1, 0);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, degrees);
        double[] found = landmarksAfterFusing(templateLandmarks, degrees);
        assertMovedToward(own, shape, found, new int[] {168, 17}, 0.33);
        double cheeks = distance(own, 234, 454);
        assertEquals(cheeks, distance(found, 234, 454), cheeks * 0.04, "cheek to cheek");
    }

    /**
     * The user fused into the template's face whose landmarks are {@code face}, at {@code degrees}:
     * the landmarks (x, y pairs) FaceMesh finds in the output at that face.
     */
    private static double[] landmarksAfterFusing(double[] face, FaceFusionEngine.Degrees degrees) {
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        new FaceFusionEngine(models).fuse(canvas, new FaceFusionEngine.Face(face, SkinColour.of(template, face)),
                user, new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks)), degrees);
        return FaceFusionEngine.xy(landmarksNear(canvas, FaceFusionEngine.xy(face)));
    }

    /**
     * The span between two landmarks moved from {@code was} toward {@code target} by at least
     * {@code least} of the way (and not far past it) in {@code found}; the two differ by 5 px or more.
     */
    private static void assertMovedToward(double[] was, double[] target, double[] found, int[] span, double least) {
        double from = distance(was, span[0], span[1]);
        double to = distance(target, span[0], span[1]);
        double now = distance(found, span[0], span[1]);
        assertTrue(Math.abs(to - from) >= 5, "the user's proportions differ here: " + from + " → " + to);
        double way = (now - from) / (to - from);
        assertTrue(way > least && way < 1.5, "span " + span[0] + "-" + span[1] + ": " + from + " → " + now + ", target " + to);
    }

    /**
     * The reshape moves the face's landmarks exactly where the shape puts them and its surroundings
     * smoothly: on a smooth test pattern no two neighbouring pixels differ by much more than before
     * (a tear or fold between the face and its surroundings would), and nothing beyond its reach moves.
     */
    @Test
    void reshapingMovesTheFaceAndItsSurroundingsWithoutATear() {
        RgbImage pattern = wavePattern(template.width(), template.height());
        RgbImage canvas = new RgbImage(pattern.width(), pattern.height(), pattern.rgb().clone());
        double[] from = FaceFusionEngine.xy(templateLandmarks);
        double[] to = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(1, 1));
        TemplateReshape.apply(canvas, from, to, Delaunay.triangulate(to), new double[0]);

        for (int landmark : new int[] {1, 33, 263, 61, 291, 152, 10}) {
            int x = (int) Math.round(to[2 * landmark]);
            int y = (int) Math.round(to[2 * landmark + 1]);
            int expected = waveAt(from[2 * landmark] + x - to[2 * landmark], from[2 * landmark + 1] + y - to[2 * landmark + 1]);
            assertEquals(expected, canvas.rgb()[(y * canvas.width() + x) * 3] & 0xff, 2, "landmark " + landmark + " moved with the face");
        }
        Region reach = TemplateReshape.reach(from, to, canvas.width(), canvas.height());
        for (int y = 0; y < canvas.height(); y++) {
            for (int x = 0; x < canvas.width(); x++) {
                int i = (y * canvas.width() + x) * 3;
                boolean inReach = x >= reach.x0 && y >= reach.y0 && x < reach.x0 + reach.width && y < reach.y0 + reach.height;
                if (!inReach) {
                    assertEquals(pattern.rgb()[i], canvas.rgb()[i], "pixel " + x + "," + y + " is beyond the reach");
                }
            }
        }
        assertNoTear(pattern, canvas, reach);
    }

    /**
     * A point to keep just beside the face (another face touching this one) cannot be held without a
     * crease between them; it moves a little with the face instead, and nothing tears.
     */
    @Test
    void aPointToKeepRightBesideTheFaceMovesWithItRatherThanTear() {
        // the template's face made 12% larger about its centre: its outline moves outward everywhere
        double[] from = FaceFusionEngine.xy(templateLandmarks);
        double[] to = grown(from, 1.12);
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < from.length; i += 2) {
            box[0] = Math.min(box[0], Math.min(from[i], to[i]));
            box[1] = Math.min(box[1], Math.min(from[i + 1], to[i + 1]));
            box[2] = Math.max(box[2], Math.max(from[i], to[i]));
            box[3] = Math.max(box[3], Math.max(from[i + 1], to[i + 1]));
        }
        // of the outline points on the edge of the face's box, the one that moves furthest outward;
        // a point held 2 px beyond it would squeeze the picture between them
        double[] keep = null;
        double furthest = 0;
        for (int v : FaceMesh.FACE_OVAL) {
            double x = to[2 * v];
            double y = to[2 * v + 1];
            double[][] beyond = {{box[0] - 2, y}, {x, box[1] - 2}, {box[2] + 2, y}, {x, box[3] + 2}};
            double[] onEdge = {x - box[0], y - box[1], box[2] - x, box[3] - y};
            double[] outward = {from[2 * v] - x, from[2 * v + 1] - y, x - from[2 * v], y - from[2 * v + 1]};
            for (int e = 0; e < 4; e++) {
                if (onEdge[e] < 0.5 && outward[e] > furthest) {
                    furthest = outward[e];
                    keep = beyond[e];
                }
            }
        }
        assertTrue(furthest > 8, "the outline moves outward at the edge of the face's box: " + furthest);
        RgbImage pattern = wavePattern(template.width(), template.height());
        RgbImage canvas = new RgbImage(pattern.width(), pattern.height(), pattern.rgb().clone());
        TemplateReshape.apply(canvas, from, to, Delaunay.triangulate(to), keep);
        assertNoTear(pattern, canvas, TemplateReshape.reach(from, to, canvas.width(), canvas.height()));
    }

    /** A face at the picture's edge grows past it without creasing the strip between them. */
    @Test
    void aFaceAtThePicturesEdgeIsReshapedWithoutATear() {
        // the template's face made 12% larger, both placed so that the larger one's forehead is 3 px
        // below the top edge
        double[] from = FaceFusionEngine.xy(templateLandmarks);
        double[] to = grown(from, 1.12);
        double top = Double.MAX_VALUE;
        for (int i = 1; i < to.length; i += 2) {
            top = Math.min(top, to[i]);
        }
        for (int i = 1; i < to.length; i += 2) {
            from[i] -= top - 3;
            to[i] -= top - 3;
        }
        RgbImage pattern = wavePattern(template.width(), template.height());
        RgbImage canvas = new RgbImage(pattern.width(), pattern.height(), pattern.rgb().clone());
        TemplateReshape.apply(canvas, from, to, Delaunay.triangulate(to), new double[0]);
        assertNoTear(pattern, canvas, TemplateReshape.reach(from, to, canvas.width(), canvas.height()));
    }

    /** No two neighbouring pixels in the region differ by more than three times the pattern's own steepest step. */
    private static void assertNoTear(RgbImage pattern, RgbImage canvas, Region reach) {
        int steepest = 0;
        int own = 0;
        for (int y = reach.y0; y < reach.y0 + reach.height - 1; y++) {
            for (int x = reach.x0; x < reach.x0 + reach.width - 1; x++) {
                int i = (y * canvas.width() + x) * 3;
                for (int c = 0; c < 2; c++) {
                    int was = pattern.rgb()[i + c] & 0xff;
                    own = Math.max(own, Math.abs(was - (pattern.rgb()[i + 3 + c] & 0xff)));
                    own = Math.max(own, Math.abs(was - (pattern.rgb()[i + canvas.width() * 3 + c] & 0xff)));
                    int here = canvas.rgb()[i + c] & 0xff;
                    steepest = Math.max(steepest, Math.abs(here - (canvas.rgb()[i + 3 + c] & 0xff)));
                    steepest = Math.max(steepest, Math.abs(here - (canvas.rgb()[i + canvas.width() * 3 + c] & 0xff)));
                }
            }
        }
        // the reshape may stretch the pattern, not tear it
        assertTrue(steepest <= 3 * own, "steepest step between neighbours: " + steepest + ", before: " + own);
    }

    /** x, y pairs scaled by {@code factor} about their mean. */
    private static double[] grown(double[] points, double factor) {
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < points.length; i += 2) {
            cx += points[i] / (points.length / 2.0);
            cy += points[i + 1] / (points.length / 2.0);
        }
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i += 2) {
            out[i] = cx + factor * (points[i] - cx);
            out[i + 1] = cy + factor * (points[i + 1] - cy);
        }
        return out;
    }

    /** The outline point that the reshape moves furthest. */
    private static int widestMove(double[] from, double[] to) {
        int widest = FaceMesh.FACE_OVAL[0];
        for (int v : FaceMesh.FACE_OVAL) {
            if (Math.hypot(to[2 * v] - from[2 * v], to[2 * v + 1] - from[2 * v + 1])
                    > Math.hypot(to[2 * widest] - from[2 * widest], to[2 * widest + 1] - from[2 * widest + 1])) {
                widest = v;
            }
        }
        return widest;
    }

    /** Points to keep (another face of the template) stay where they are; without them they would move. */
    @Test
    void reshapingLeavesThePointsToKeepWhereTheyAre() {
        double[] from = FaceFusionEngine.xy(templateLandmarks);
        double[] to = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(1, 1));
        Region reach = TemplateReshape.reach(from, to, template.width(), template.height());
        // a point beside the face, halfway to the reach's edge on the side where the outline moved most
        int widest = widestMove(from, to);
        double cx = reach.x0 + reach.width / 2.0;
        double cy = reach.y0 + reach.height / 2.0;
        double[] beside = {from[2 * widest] + (from[2 * widest] - cx) * 0.3, from[2 * widest + 1] + (from[2 * widest + 1] - cy) * 0.3};
        RgbImage pattern = wavePattern(template.width(), template.height());
        int x = (int) Math.round(beside[0]);
        int y = (int) Math.round(beside[1]);
        int i = (y * pattern.width() + x) * 3;

        RgbImage free = new RgbImage(pattern.width(), pattern.height(), pattern.rgb().clone());
        TemplateReshape.apply(free, from, to, Delaunay.triangulate(to), new double[0]);
        RgbImage held = new RgbImage(pattern.width(), pattern.height(), pattern.rgb().clone());
        TemplateReshape.apply(held, from, to, Delaunay.triangulate(to), new double[] {x, y});

        int moved = Math.abs((free.rgb()[i] & 0xff) - (pattern.rgb()[i] & 0xff)) + Math.abs((free.rgb()[i + 1] & 0xff) - (pattern.rgb()[i + 1] & 0xff));
        int stayed = Math.abs((held.rgb()[i] & 0xff) - (pattern.rgb()[i] & 0xff)) + Math.abs((held.rgb()[i + 1] & 0xff) - (pattern.rgb()[i + 1] & 0xff));
        assertTrue(moved > 3, "without the point to keep, the pixel there moves: " + moved);
        assertTrue(stayed <= 3, "held, it stays: " + stayed);
    }

    /** A face turned in space hides the cheek it turns away, and only that; a face like the template's hides nothing. */
    @Test
    void theSideATurnedFaceHidesIsFoundFromItsLandmarksInSpace() {
        int[] triangles = Delaunay.triangulate(FaceFusionEngine.xy(templateLandmarks));
        for (double seen : HiddenSide.visibility(templateLandmarks, templateLandmarks, triangles)) {
            assertEquals(1, seen, 1e-9, "the template's own face hides nothing from itself");
        }
        for (double yaw : new double[] {-0.9, 0.9}) {
            double[] seen = HiddenSide.visibility(turned(templateLandmarks, yaw), templateLandmarks, triangles);
            double left = seen[234];
            double right = seen[454];
            assertTrue(Math.min(left, right) < 0.2 && Math.max(left, right) == 1,
                    "turned by " + yaw + ": one cheek hidden, the other seen: " + left + ", " + right);
            assertEquals(1, seen[1], 1e-9, "the nose tip is on the midline, never mirrored");
        }
        double[] left = HiddenSide.visibility(turned(templateLandmarks, -0.9), templateLandmarks, triangles);
        double[] right = HiddenSide.visibility(turned(templateLandmarks, 0.9), templateLandmarks, triangles);
        assertTrue(left[234] < left[454] != right[234] < right[454], "turning the other way hides the other cheek");
    }

    /**
     * The hidden side of a turned user's face comes from the side the photo shows: with the far side
     * of sample5 painted blue in the photo, the warped face shows no blue there (the plain warp does).
     */
    @Test
    void theHiddenSideIsFilledFromTheSideThePhotoShows() {
        RgbImage turnedUser = RgbImage.of(ImageEdits.read(Photos.bytes("sample5")));
        double[] userFace = landmarks(turnedUser);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userFace, new FaceFusionEngine.Degrees(1, 0.5));
        int[] triangles = Delaunay.triangulate(shape);
        double[] seen = HiddenSide.visibility(userFace, templateLandmarks, triangles);
        double[] userPoints = FaceFusionEngine.xy(userFace);
        // paint the photo blue in every triangle whose corners are all hidden
        byte[] painted = turnedUser.rgb().clone();
        Region whole = new Region(0, 0, turnedUser.width(), turnedUser.height());
        double[] hidden = new double[seen.length];
        for (int v = 0; v < seen.length; v++) {
            hidden[v] = seen[v] == 0 ? 1 : 0;
        }
        float[] inHidden = PiecewiseAffineWarp.interpolate(userPoints, triangles, hidden, whole);
        int paintedPixels = 0;
        for (int p = 0; p < inHidden.length; p++) {
            if (inHidden[p] > 0.999f) {
                painted[p * 3] = 0;
                painted[p * 3 + 1] = 0;
                painted[p * 3 + 2] = (byte) 255;
                paintedPixels++;
            }
        }
        assertTrue(paintedPixels > 200, "the photo hides part of the face: " + paintedPixels + " pixels");
        RgbImage photo = new RgbImage(turnedUser.width(), turnedUser.height(), painted);
        Region region = Region.around(shape, 0.25, template.width(), template.height());
        float[] target = PiecewiseAffineWarp.interpolate(shape, triangles, hidden, region);
        float[] plain = PiecewiseAffineWarp.warp(photo, userPoints, shape, triangles, region).rgb();
        float[] filled = HiddenSide.warp(photo, userPoints, seen, shape, triangles, region).rgb();
        int there = 0;
        int bluePlain = 0;
        int blueFilled = 0;
        for (int p = 0; p < target.length; p++) {
            if (target[p] > 0.999f) {
                there++;
                bluePlain += isBlue(plain, p) ? 1 : 0;
                blueFilled += isBlue(filled, p) ? 1 : 0;
            }
        }
        // (not all of it: where the far side folds behind itself in the photo, other triangles cover the paint)
        assertTrue(bluePlain > there / 5, "the plain warp takes the far side from the photo's far side: " + bluePlain + " of " + there);
        assertTrue(blueFilled < there / 100, "filled, it comes from the side the photo shows: " + blueFilled + " of " + there);
    }

    @Test
    void colourTransferMovesTheUsersSkinToTheTemplates() {
        SkinColour from = SkinColour.of(user, userLandmarks);
        SkinColour to = new SkinColour(from.meanL() - 15, from.meanA() + 6, from.meanB() - 4, from.sdL(), from.sdA(), from.sdB());
        Region region = Region.around(FaceMesh.oval(userLandmarks), 0, user.width(), user.height());
        float[] pixels = region.copyOf(user.rgb(), user.width());
        float[] covered = new float[region.pixels()];
        java.util.Arrays.fill(covered, 1);
        FaceFusionEngine.transferColour(pixels, covered, from, to, null);
        byte[] rgb = new byte[pixels.length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) Math.round(pixels[i]);
        }
        // measured again over the same outline, the skin has the target's colour
        double[] shifted = userLandmarks.clone();
        for (int i = 0; i < shifted.length; i += 3) {
            shifted[i] -= region.x0;
            shifted[i + 1] -= region.y0;
        }
        SkinColour after = SkinColour.of(new RgbImage(region.width, region.height, rgb), shifted);
        assertEquals(to.meanL(), after.meanL(), 1.5);
        assertEquals(to.meanA(), after.meanA(), 1.5);
        assertEquals(to.meanB(), after.meanB(), 1.5);
    }

    @Test
    void brighteningAFaceKeepsItsDarkFeaturesDark() {
        // a user's face lit darker and with more contrast than the template's (a side-lit face into a bright,
        // flatly lit template): its skin at L* 40, a pupil at 10
        SkinColour from = new SkinColour(40, 12, 16, 12, 4, 5);
        SkinColour to = new SkinColour(70, 12, 16, 6, 4, 5);
        float[] pixels = new float[6];
        int[] skin = Lab.toRgb(40, 12, 16);
        int[] pupil = Lab.toRgb(10, 0, 0);
        for (int c = 0; c < 3; c++) {
            pixels[c] = skin[c];
            pixels[3 + c] = pupil[c];
        }
        FaceFusionEngine.transferColour(pixels, new float[] {1, 1}, from, to, null);
        double skinAfter = Lab.fromRgb(Math.round(pixels[0]), Math.round(pixels[1]), Math.round(pixels[2]))[0];
        double pupilAfter = Lab.fromRgb(Math.round(pixels[3]), Math.round(pixels[4]), Math.round(pixels[5]))[0];
        assertEquals(70, skinAfter, 1.5, "the skin takes the template's lightness");
        // matching the spread alone (half of it here) left the pupil 15 below the skin, a washed-out eye
        assertTrue(skinAfter - pupilAfter > 24, "the pupil stays dark: " + pupilAfter + " against " + skinAfter);
    }

    /** Where {@code kept} is 1 (the lenses of the user's sunglasses) the colour stays; at a half, halfway. */
    @Test
    void theColourTransferLeavesWhatItIsToldToKeep() {
        SkinColour from = new SkinColour(60, 14, 18, 10, 4, 4);
        SkinColour to = new SkinColour(70, 10, 12, 8, 4, 4);
        int[] lens = Lab.toRgb(15, 4, 6);
        float[] pixels = {lens[0], lens[1], lens[2], lens[0], lens[1], lens[2], lens[0], lens[1], lens[2]};
        FaceFusionEngine.transferColour(pixels, new float[] {1, 1, 1}, from, to, new float[] {1, 0.5f, 0});
        for (int c = 0; c < 3; c++) {
            assertEquals(lens[c], pixels[c], 1e-4, "kept");
            assertEquals((pixels[c] + pixels[6 + c]) / 2, pixels[3 + c], 1e-3, "halfway");
        }
        assertTrue(Math.abs(pixels[6] - lens[0]) > 10, "moved where nothing is kept: " + pixels[6] + " from " + lens[0]);
    }

    @Test
    void aFlatPhotosColourBlotchesAreNotWidened() {
        // a user's photo whose chroma barely varies (a small, compressed face: what varies is blotches) into
        // a template whose chroma spread is three times as wide (make-up, lips)
        SkinColour from = new SkinColour(60, 14, 18, 10, 2, 2);
        SkinColour to = new SkinColour(60, 12, 16, 10, 6, 6);
        int[] blotch = Lab.toRgb(60, 18, 22); // two spreads off the user's mean in a* and b*
        float[] pixel = {blotch[0], blotch[1], blotch[2]};
        FaceFusionEngine.transferColour(pixel, new float[] {1}, from, to, null);
        double[] after = Lab.fromRgb(Math.round(pixel[0]), Math.round(pixel[1]), Math.round(pixel[2]));
        // as far off the template's mean as it was off the user's (widened, it was 8 off: a green or purple patch)
        assertEquals(16, after[1], 1.5);
        assertEquals(20, after[2], 1.5);
        // and a wider spread is still narrowed to the template's
        int[] wide = Lab.toRgb(60, 20, 24);
        float[] narrowed = {wide[0], wide[1], wide[2]};
        FaceFusionEngine.transferColour(narrowed, new float[] {1}, new SkinColour(60, 12, 16, 10, 8, 8), to, null);
        assertEquals(12 + 8 * 0.75, Lab.fromRgb(Math.round(narrowed[0]), Math.round(narrowed[1]), Math.round(narrowed[2]))[1], 1.5);
    }

    /**
     * A face cropped tight (apps send face crops) has landmarks beyond the photo's edge: sample1 cut
     * through the forehead, warped back onto its own landmarks. Nothing above the cut is taken (the
     * edge's row was smeared upward over the forehead), the mask leaves the template there, and what
     * is taken is the photo.
     */
    @Test
    void whatLiesBeyondTheUsersPhotoIsNotTaken() {
        double[] points = FaceFusionEngine.xy(userLandmarks);
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (int i = 1; i < points.length; i += 2) {
            top = Math.min(top, points[i]);
            bottom = Math.max(bottom, points[i]);
        }
        int cut = (int) (top + 0.2 * (bottom - top));
        RgbImage cropped = RgbImage.of(ImageEdits.cropped(ImageEdits.read(Photos.bytes("sample1")), 0, cut, user.width(),
                user.height() - cut));
        double[] inCrop = points.clone();
        for (int i = 1; i < inCrop.length; i += 2) {
            inCrop[i] -= cut;
        }
        int[] triangles = Delaunay.triangulate(points);
        Region region = Region.around(points, 0.25, user.width(), user.height());
        PiecewiseAffineWarp.Warped warped = PiecewiseAffineWarp.warp(cropped, inCrop, points, triangles, region);
        float[] mask = FaceFusionEngine.mask(points, region, warped.covered());
        int taken = 0;
        double error = 0;
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                int p = y * region.width + x;
                if (y + region.y0 < cut - 1) {
                    assertEquals(0, warped.covered()[p], "above the cut at " + x + "," + y);
                    assertEquals(0, mask[p], "the mask above the cut at " + x + "," + y);
                } else if (warped.covered()[p] > 0) {
                    taken++;
                    int at = ((y + region.y0) * user.width() + x + region.x0) * 3;
                    for (int c = 0; c < 3; c++) {
                        error += Math.abs(warped.rgb()[p * 3 + c] - (user.rgb()[at + c] & 0xff));
                    }
                }
            }
        }
        assertTrue(taken > region.pixels() / 4, taken + " pixels taken below the cut");
        assertTrue(error / (3.0 * taken) < 2, "what is taken is the photo: mean error " + error / (3.0 * taken));
    }

    @Test
    void theMaskIsInsideTheOutlineAndSoftAtItsEdge() {
        double[] points = FaceFusionEngine.xy(templateLandmarks);
        Region region = Region.around(points, 0.25, template.width(), template.height());
        float[] covered = new float[region.pixels()];
        java.util.Arrays.fill(covered, 1);
        float[] mask = FaceFusionEngine.mask(points, region, covered);
        double[] oval = FaceMesh.oval(templateLandmarks);
        int soft = 0;
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                float m = mask[y * region.width + x];
                if (!FaceMesh.inside(oval, x + region.x0 + 0.5, y + region.y0 + 0.5)) {
                    assertTrue(m < 0.5, "outside the outline the template stays");
                }
                if (m > 0.05 && m < 0.95) {
                    soft++;
                }
            }
        }
        double[] centre = {landmark(templateLandmarks, 1)[0] - region.x0, landmark(templateLandmarks, 1)[1] - region.y0};
        assertEquals(1f, mask[(int) centre[1] * region.width + (int) centre[0]], 1e-3, "the nose is fully the user's");
        assertTrue(soft > region.width * 2, "a feathered band, not a hard edge: " + soft);
    }

    /**
     * Where the warped pixels end inside the outline (the top of the forehead, where the landmarks'
     * hull meets the outline), the mask falls to nothing gradually; cut there, it drew a line.
     */
    @Test
    void theMaskFadesOutWhereTheWarpedPixelsEnd() {
        double[] points = FaceFusionEngine.xy(templateLandmarks);
        Region region = Region.around(points, 0.25, template.width(), template.height());
        // warped pixels only below the middle of the face: their edge cuts right through the outline
        double[] nose = landmark(templateLandmarks, 1);
        int edge = (int) Math.round(nose[1]) - region.y0;
        float[] covered = new float[region.pixels()];
        for (int i = edge * region.width; i < covered.length; i++) {
            covered[i] = 1;
        }
        float[] mask = FaceFusionEngine.mask(points, region, covered);
        int x = (int) Math.round(nose[0]) - region.x0;
        assertEquals(0, mask[edge * region.width + x], 0.1, "next to nothing at the edge of the warped pixels");
        double steepest = 0;
        for (int y = edge; y < edge + region.height / 10; y++) {
            steepest = Math.max(steepest, mask[(y + 1) * region.width + x] - mask[y * region.width + x]);
        }
        assertTrue(mask[(edge + region.height / 10) * region.width + x] > 0.95, "the face's full weight further in");
        assertTrue(steepest < 0.15, "a ramp, not a step: steepest rise " + steepest + " a pixel");
    }

    @Test
    void aFusionChangesTheFaceAndNothingFarFromIt() {
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        FaceFusionEngine engine = new FaceFusionEngine(models);
        engine.fuse(canvas, new FaceFusionEngine.Face(templateLandmarks, SkinColour.of(template, templateLandmarks)),
                user, new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks)),
                new FaceFusionEngine.Degrees(1, 0.5));
        // the profile degree moves the face's surroundings too, up to a reach around it
        Region far = TemplateReshape.reach(FaceFusionEngine.xy(templateLandmarks),
                FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, new FaceFusionEngine.Degrees(1, 0.5)),
                template.width(), template.height());
        long changedInside = 0;
        for (int y = 0; y < template.height(); y++) {
            for (int x = 0; x < template.width(); x++) {
                int i = (y * template.width() + x) * 3;
                boolean differs = canvas.rgb()[i] != template.rgb()[i] || canvas.rgb()[i + 1] != template.rgb()[i + 1];
                boolean inRegion = x >= far.x0 && y >= far.y0 && x < far.x0 + far.width && y < far.y0 + far.height;
                if (!inRegion) {
                    assertTrue(!differs, "pixel " + x + "," + y + " is far from the face and must not change");
                } else if (differs) {
                    changedInside++;
                }
            }
        }
        assertTrue(changedInside > far.pixels() / 5, "the face changed: " + changedInside);
    }

    /**
     * A face fused into its own photo changes almost nothing, at its edge least of all: the seam
     * correction once read black beyond the warped face and left a bright band inside the outline
     * (a mean of about 9 grey levels brighter there).
     */
    @Test
    void aFaceFusedIntoItselfLeavesNoBandAtTheEdge() {
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        SkinColour skin = SkinColour.of(template, templateLandmarks);
        new FaceFusionEngine(models).fuse(canvas, new FaceFusionEngine.Face(templateLandmarks, skin), template,
                new FaceFusionEngine.Face(templateLandmarks, skin), new FaceFusionEngine.Degrees(1, 0));
        double[] oval = FaceMesh.oval(templateLandmarks);
        double[] inner = FaceMesh.scaled(oval, 0.85);
        Region region = Region.around(FaceFusionEngine.xy(templateLandmarks), 0.25, template.width(), template.height());
        double brighter = 0;
        double worst = 0;
        int n = 0;
        for (int y = region.y0; y < region.y0 + region.height; y++) {
            for (int x = region.x0; x < region.x0 + region.width; x++) {
                if (!FaceMesh.inside(oval, x + 0.5, y + 0.5) || FaceMesh.inside(inner, x + 0.5, y + 0.5)) {
                    continue; // the band just inside the outline
                }
                int i = (y * template.width() + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double d = (canvas.rgb()[i + c] & 0xff) - (template.rgb()[i + c] & 0xff);
                    brighter += d;
                    worst = Math.max(worst, Math.abs(d));
                }
                n += 3;
            }
        }
        assertTrue(n > 1000, "the band has pixels: " + n);
        assertEquals(0, brighter / n, 1.5, "mean change in the band");
        assertTrue(worst < 40, "largest change in the band: " + worst);
    }

    /** The landmarks of the face the detector finds nearest {@code points}' centre. */
    private static double[] landmarksNear(RgbImage photo, double[] points) {
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < points.length; i += 2) {
            cx += points[i] / (points.length / 2.0);
            cy += points[i + 1] / (points.length / 2.0);
        }
        double x = cx;
        double y = cy;
        DetectedFace face = new FaceDetector(models).detect(photo).stream()
                .min(Comparator.comparingDouble(f -> Math.hypot(f.centerX() - x, f.centerY() - y))).orElseThrow();
        return new FaceAnalysis(models).landmarks(photo, face).points();
    }

    private static double[] landmarks(RgbImage photo) {
        DetectedFace face = new FaceDetector(models).detect(photo).stream()
                .max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
        return new FaceAnalysis(models).landmarks(photo, face).points();
    }

    /** Red and green waves across x and y (period about 125 px): smooth, and every place differs from its neighbours. */
    private static RgbImage wavePattern(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rgb[(y * width + x) * 3] = (byte) waveAt(x, y);
                rgb[(y * width + x) * 3 + 1] = (byte) Math.round(128 + 127 * Math.sin(y / 20.0 + 0.5 * Math.sin(x / 60.0)));
                rgb[(y * width + x) * 3 + 2] = (byte) 128;
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static int waveAt(double x, double y) {
        return (int) Math.round(128 + 127 * Math.sin(x / 20.0 + 0.5 * Math.sin(y / 60.0)));
    }

    private static boolean isBlue(float[] rgb, int pixel) {
        return rgb[pixel * 3 + 2] > 200 && rgb[pixel * 3] < 60 && rgb[pixel * 3 + 1] < 60;
    }

    /** Landmarks (x, y, z) turned by {@code yaw} radians about the vertical axis through their centre. */
    private static double[] turned(double[] landmarks, double yaw) {
        double cx = 0;
        double cz = 0;
        int n = landmarks.length / 3;
        for (int i = 0; i < landmarks.length; i += 3) {
            cx += landmarks[i] / n;
            cz += landmarks[i + 2] / n;
        }
        double[] out = landmarks.clone();
        for (int i = 0; i < landmarks.length; i += 3) {
            double x = landmarks[i] - cx;
            double z = landmarks[i + 2] - cz;
            out[i] = cx + Math.cos(yaw) * x + Math.sin(yaw) * z;
            out[i + 2] = cz - Math.sin(yaw) * x + Math.cos(yaw) * z;
        }
        return out;
    }

    /** The distance between landmark {@code a} of {@code points} and landmark {@code b} of {@code others}. */
    private static double distance(double[] points, int a, int b, double[] others) {
        return Math.hypot(points[2 * a] - others[2 * b], points[2 * a + 1] - others[2 * b + 1]);
    }

    private static double distance(double[] points, int a, int b) {
        return Math.hypot(points[2 * a] - points[2 * b], points[2 * a + 1] - points[2 * b + 1]);
    }

    private static double[] landmark(double[] landmarks, int index) {
        return new double[]{landmarks[index * 3], landmarks[index * 3 + 1]};
    }

    private static double[] circumcircle(double[] p, int a, int b, int c) {
        double ax = p[2 * a], ay = p[2 * a + 1], bx = p[2 * b], by = p[2 * b + 1], cx = p[2 * c], cy = p[2 * c + 1];
        double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
        double ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d;
        double uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d;
        return new double[]{ux, uy, (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy)};
    }
}
