package io.facefuse.fusion;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageDifference;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Glasses;
import io.facefuse.vision.HandFinder;
import io.facefuse.vision.SkinColour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is in front of a face, on real photos: hair the photo has over a face, and a dark strand
 * painted across a cheek, are found; the face's parts, a clear face and a beard are not taken for
 * it; and the engine keeps the template's strand in front and leaves the user's behind.
 */
class FaceOcclusionTest {

    /** Dark brown, like the hair in the sample photos. */
    private static final byte[] HAIR = {(byte) 52, (byte) 36, (byte) 28};
    /** The degrees the engine tests fuse at: all of the user's features, the template's outline. */
    private static final FaceFusionEngine.Degrees DEGREES = new FaceFusionEngine.Degrees(1, 0);

    static ModelRegistry models;

    @BeforeAll
    static void load() {
        models = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.FACEMESH, ModelSpec.BLEND,
                ModelSpec.HANDDETECT, ModelSpec.HANDLANDMARK), Optional.empty());
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** sample5's largest face has her hair down over the side of her face the photo shows less of. */
    @Test
    void hairOverTheSideOfAFaceIsFound() {
        RgbImage photo = photo("sample5");
        double[] points = FaceFusionEngine.xy(landmarks(photo, 0));
        float[] shown = shown(photo, points);
        Region region = regionOf(photo, points);
        double[] outline = FaceMesh.ovalOfPoints(points);
        boolean[] beyondNose = new boolean[photo.width() * photo.height()];
        for (int p = 0; p < beyondNose.length; p++) {
            beyondNose[p] = p % photo.width() > points[2]; // landmark 1: the nose tip
        }
        Share whole = share(shown, region, outline, null, photo.width());
        Share side = share(shown, region, outline, beyondNose, photo.width());
        assertTrue(whole.covered() > whole.inside() / 12, "a good part of the outline is hair: " + whole.covered() + " of "
                + whole.inside());
        assertTrue(side.covered() > whole.covered() * 0.8, "on the side where it falls: " + side.covered() + " of "
                + whole.covered());
        for (int part : new int[]{1, 13, 33, 263, 61, 291}) { // nose, lips, eye and mouth corners
            assertEquals(1f, at(shown, region, points, part), 0.01f, "landmark " + part + " is the face");
        }
    }

    /**
     * sample1's largest face wears dark clown make-up around the eyes, as dark as her hair: the
     * colour models alone take bits of eye and brow for hair; the parts are the face whatever they say.
     */
    @Test
    void theEyesBrowsNoseAndLipsAreAlwaysTheFace() {
        RgbImage photo = photo("sample1");
        double[] points = FaceFusionEngine.xy(landmarks(photo, 0));
        float[] shown = shown(photo, points);
        Region region = regionOf(photo, points);
        int[] parts = {33, 133, 159, 145, 263, 362, 386, 374, 70, 63, 105, 66, 107, 300, 293, 334, 296, 336, 1, 4, 98, 327,
            0, 17, 61, 291, 13, 14};
        for (int part : parts) {
            assertEquals(1f, at(shown, region, points, part), 0.01f, "landmark " + part);
        }
    }

    @Test
    void aClearFaceIsShownWhole() {
        RgbImage photo = photo("sample6");
        double[] points = FaceFusionEngine.xy(landmarks(photo, 0));
        Share share = share(shown(photo, points), regionOf(photo, points), FaceMesh.ovalOfPoints(points), null, photo.width());
        assertTrue(share.covered() < share.inside() / 25, "next to nothing covered: " + share.covered() + " of " + share.inside());
    }

    /**
     * sample1's second face: bare forehead, lit at the brows and darker toward dark hair. Colour
     * models alone gave a sixth of the outline, most of the forehead, to the hair.
     */
    @Test
    void aForeheadDarkeningTowardTheHairIsFace() {
        RgbImage photo = photo("sample1");
        double[] points = FaceFusionEngine.xy(landmarks(photo, 1));
        Share share = share(shown(photo, points), regionOf(photo, points), FaceMesh.ovalOfPoints(points), null, photo.width());
        assertTrue(share.covered() < share.inside() / 20, "the forehead stays: " + share.covered() + " of " + share.inside() + " covered");
    }

    @Test
    void aStrandPaintedAcrossTheCheekIsFound() {
        RgbImage clear = photo("sample6");
        double[] points = FaceFusionEngine.xy(landmarks(clear, 0));
        boolean[] strand = strand(clear, points);
        RgbImage painted = painted(clear, strand);
        Region region = regionOf(painted, points);
        double[] outline = FaceMesh.ovalOfPoints(points);
        float[] shown = shown(painted, points);
        Share onStrand = share(shown, region, outline, strand, painted.width());
        assertTrue(onStrand.inside() > 300, "the strand crosses the face: " + onStrand.inside() + " pixels");
        assertTrue(onStrand.covered() > onStrand.inside() * 0.7, "found: " + onStrand.covered() + " of " + onStrand.inside());
        Share whole = share(shown, region, outline, null, painted.width());
        int besideIt = whole.covered() - onStrand.covered();
        assertTrue(besideIt < whole.inside() / 20, "and little beside it: " + besideIt + " of " + whole.inside());
    }

    /** The face below the mouth is seeded as face: a dark beard along the jaw is never taken for hair in front of it. */
    @Test
    void aBeardIsPartOfTheFace() {
        RgbImage clear = photo("sample6");
        double[] points = FaceFusionEngine.xy(landmarks(clear, 0));
        double[] outline = FaceMesh.ovalOfPoints(points);
        boolean[] beard = new boolean[clear.width() * clear.height()];
        double mouthY = Math.max(points[2 * 61 + 1], points[2 * 291 + 1]);
        double faceWidth = Math.hypot(points[2 * 454] - points[2 * 234], points[2 * 454 + 1] - points[2 * 234 + 1]);
        double[] grown = FaceMesh.scaled(outline, 1.2); // a beard goes on past the jaw
        for (int y = (int) mouthY + 2; y < clear.height(); y++) {
            for (int x = 0; x < clear.width(); x++) {
                // around the chin's own skin patch (a seed of the face's colour): the beard's colour is not in it
                beard[y * clear.width() + x] = FaceMesh.inside(grown, x + 0.5, y + 0.5)
                        && Math.hypot(x - points[2 * 199], y - points[2 * 199 + 1]) > faceWidth * 0.1;
            }
        }
        RgbImage painted = painted(clear, beard);
        Share onBeard = share(shown(painted, points), regionOf(painted, points), outline, beard, painted.width());
        assertTrue(onBeard.inside() > 1000, "a beard: " + onBeard.inside() + " pixels");
        assertTrue(onBeard.covered() < onBeard.inside() / 50, "is the face: " + onBeard.covered() + " covered");
    }

    /** GrabCut's colour models start from random numbers: the same photo must still segment alike, on any thread. */
    @Test
    void theSameFaceSegmentsTheSameWayOnAnyThread() throws Exception {
        RgbImage photo = photo("sample5");
        double[] points = FaceFusionEngine.xy(landmarks(photo, 0));
        Region region = regionOf(photo, points);
        byte[] first = FaceOcclusion.of(photo, points, region).shown();
        FaceOcclusion.of(photo("sample6"), FaceFusionEngine.xy(landmarks(photo("sample6"), 0)), region); // moves this thread's numbers on
        assertArrayEquals(first, FaceOcclusion.of(photo, points, region).shown());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertArrayEquals(first, other.submit(() -> FaceOcclusion.of(photo, points, region).shown()).get());
        } finally {
            other.shutdown();
        }
    }

    @Test
    void aFaceWithoutSurroundingsIsShownWhole() {
        Region region = new Region(10, 20, 300, 200);
        FaceOcclusion.Visibility all = FaceOcclusion.Visibility.everywhere(region);
        for (float value : all.over(region)) {
            assertEquals(1f, value, 1e-6f);
        }
    }

    /**
     * The strand painted on the template's cheek is still there after a fusion, where the user's cheek
     * would be (where the reshape to the user's proportions moves it: the face degree moves the
     * template's features, and the cheek between them and the outline goes part of the way along).
     */
    @Test
    void theTemplatesHairStaysInFrontOfTheNewFace() {
        RgbImage clear = photo("sample6");
        double[] templateLandmarks = landmarks(clear, 0);
        double[] templatePoints = FaceFusionEngine.xy(templateLandmarks);
        boolean[] strand = strand(clear, templatePoints);
        RgbImage template = painted(clear, strand);
        RgbImage user = photo("sample1");
        double[] userLandmarks = landmarks(user, 0);
        RgbImage canvas = fused(template, templateLandmarks, user, userLandmarks);
        // where the strand is now: the strand as a white picture, reshaped as the engine reshapes the template
        RgbImage moved = reshaped(white(strand, clear.width(), clear.height()), templateLandmarks, userLandmarks);
        int onStrand = 0;
        int kept = 0;
        for (int p = 0; p < strand.length; p++) {
            if ((moved.rgb()[3 * p] & 0xff) > 250) {
                onStrand++;
                kept += grey(canvas, p) < 70 ? 1 : 0;
            }
        }
        assertTrue(onStrand > 500, "the strand is on the face: " + onStrand + " pixels");
        assertTrue(kept > onStrand * 0.8, "the strand stays dark: " + kept + " of " + onStrand);
    }

    /**
     * A strand painted on the user's cheek does not come along: where the warp puts it, the output
     * is the template's own cheek (carried over, the strand differs from it more than even the
     * user's cheek does).
     */
    @Test
    void theUsersHairIsNotCarriedOver() {
        RgbImage clear = photo("sample6");
        double[] userLandmarks = landmarks(clear, 0);
        double[] userPoints = FaceFusionEngine.xy(userLandmarks);
        boolean[] strand = strand(clear, userPoints);
        Difference difference = intoSample3(clear, painted(clear, strand), userLandmarks, strand);
        int n = difference.pixels();
        double fromTemplate = difference.first();
        double fromUser = difference.second();
        assertTrue(n > 300, "the strand lands on the face: " + n + " pixels");
        // the template shows there: closer to it than the user's own cheek, fused without the strand, is
        assertTrue(fromTemplate < fromUser / 2, "mean grey difference from the template where the strand lands: "
                + fromTemplate + " (the user's cheek, fused without the strand: " + fromUser + ")");
    }

    /**
     * A hand over the user's face does not come along: where the warp puts it, the output is the
     * template's own face, closer to it than the user's face there (fused from the photo without the
     * hand) is.
     */
    @Test
    void aHandOverTheUsersFaceIsNotCarriedOver() {
        RgbImage clear = photo("sample6");
        double[] userLandmarks = landmarks(clear, 0);
        double[] userPoints = FaceFusionEngine.xy(userLandmarks);
        RgbImage withHand = RgbImage.of(ImageEdits.handOverFace());
        List<double[]> hands = new HandFinder(models).overFace(withHand, userPoints);
        assertEquals(1, hands.size(), "the hand is over the user's face");
        // the hand inside the face
        boolean[] onHand = insideBoth(hands.get(0), FaceMesh.scaled(FaceMesh.ovalOfPoints(userPoints), 0.9),
                clear.width(), clear.height());
        Difference difference = intoSample3(clear, withHand, userLandmarks, onHand);
        int n = difference.pixels();
        double fromTemplate = difference.first();
        double fromUser = difference.second();
        assertTrue(n > 2000, "the hand lands on the face: " + n + " pixels");
        assertTrue(fromTemplate < fromUser / 2, "mean grey difference from the template where the hand lands: "
                + fromTemplate + " (the user's face, fused without the hand: " + fromUser + ")");
    }

    /**
     * Sunglasses on the template's face stay in front of the new face: over the eyes the output is the
     * template's lenses (as the engine reshapes the template), while the mouth below is the user's.
     */
    @Test
    void sunglassesOnTheTemplateStayInFront() {
        RgbImage template = RgbImage.of(ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300));
        double[] templateLandmarks = landmarks(template, 0);
        RgbImage user = photo("sample6");
        double[] userLandmarks = landmarks(user, 0);
        RgbImage output = fused(template, templateLandmarks, user, userLandmarks);
        RgbImage reshaped = reshaped(template, templateLandmarks, userLandmarks);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        double[] eyes = Glasses.eyeCentres(shape);
        double eyeDistance = Math.hypot(eyes[2] - eyes[0], eyes[3] - eyes[1]);
        boolean[] onEyes = ImageDifference.eyeDiscs(template.width(), template.height(), shape);
        boolean[] onMouth = ImageDifference.discs(template.width(), template.height(), eyeDistance * 0.1,
                shape[2 * 13], shape[2 * 13 + 1], shape[2 * 14], shape[2 * 14 + 1]);
        double lenses = ImageDifference.mean(output.toBufferedImage(), reshaped.toBufferedImage(), onEyes);
        double mouth = ImageDifference.mean(output.toBufferedImage(), reshaped.toBufferedImage(), onMouth);
        assertTrue(lenses < 3, "the lenses are the template's: mean difference " + lenses);
        assertTrue(mouth > 10, "the mouth is the user's: mean difference from the template " + mouth);
    }

    /**
     * A user's sunglasses come along as dark as they are: over the eyes the output's grey is the user's
     * lenses' (the colour transfer and the seam correction moved them toward the template's skin, a
     * see-through brown).
     */
    @Test
    void theUsersSunglassesComeAlongAsDarkAsTheyAre() {
        RgbImage user = RgbImage.of(ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300));
        double[] userLandmarks = landmarks(user, 0);
        RgbImage template = photo("sample3");
        double[] templateLandmarks = landmarks(template, 0);
        RgbImage output = fused(template, templateLandmarks, user, userLandmarks);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        double userLenses = ImageDifference.meanGrey(user,
                ImageDifference.eyeDiscs(user.width(), user.height(), FaceFusionEngine.xy(userLandmarks)));
        double outputLenses = ImageDifference.meanGrey(output, ImageDifference.eyeDiscs(output.width(), output.height(), shape));
        double templateEyes = ImageDifference.meanGrey(template,
                ImageDifference.eyeDiscs(template.width(), template.height(), shape));
        // 1.6 levels apart; 40 lighter with the transfer and the correction over them
        assertTrue(Math.abs(outputLenses - userLenses) < 4, "the lenses keep their grey: " + outputLenses + " against the user's "
                + userLenses + " (the template's eyes there: " + templateEyes + ")");
    }

    /**
     * Where the engine is told the user wears no sunglasses (moderation's answer), it does not look:
     * told so of the same man, his lenses are coloured like his skin and lightened (the step above
     * keeps them); told nothing, it looks and keeps them.
     */
    @Test
    void theUsersSunglassesAreNotLookedForWhereItIsKnownThereAreNone() {
        RgbImage user = RgbImage.of(ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/row3-cell0.png"), 300));
        double[] userLandmarks = landmarks(user, 0);
        RgbImage template = photo("sample3");
        double[] templateLandmarks = landmarks(template, 0);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        boolean[] eyes = ImageDifference.eyeDiscs(template.width(), template.height(), shape);
        Map<Boolean, Double> grey = new HashMap<>();
        for (Boolean told : new Boolean[]{null, true, false}) {
            grey.put(told, ImageDifference.meanGrey(fused(template, templateLandmarks, false, user, userLandmarks, told), eyes));
        }
        assertEquals(grey.get(null), grey.get(true), 1e-9, "told there are some, it finds the same: " + grey);
        assertTrue(grey.get(false) > grey.get(null) + 20, "told there are none, the lenses are not kept: " + grey);
    }

    /**
     * The user's photo without and with something over the face ({@code cover}, its pixels), each fused
     * into sample3's largest face; where the cover lands, how far each output is from the template's
     * own face as the engine reshapes it: the output from {@code covered} (first), from {@code clear}
     * (second).
     */
    private Difference intoSample3(RgbImage clear, RgbImage covered, double[] userLandmarks, boolean[] cover) {
        RgbImage template = photo("sample3");
        double[] templateLandmarks = landmarks(template, 0);
        RgbImage fromClear = fused(template, templateLandmarks, clear, userLandmarks);
        RgbImage fromCovered = fused(template, templateLandmarks, covered, userLandmarks);
        boolean[] landed = landed(cover, clear, userLandmarks, template, templateLandmarks);
        return difference(fromCovered, fromClear, reshaped(template, templateLandmarks, userLandmarks), landed);
    }

    /**
     * A hand found in front of the template's face at upload stays in front of the new face: inside
     * the hand's outline and the face's, the output is the template's hand (where the reshape put it),
     * while without the upload's finding the user's face is painted over the hand.
     */
    @Test
    void aHandInFrontOfTheTemplatesFaceStaysInFront() {
        RgbImage template = RgbImage.of(ImageEdits.handOverFace());
        double[] templateLandmarks = landmarks(template, 0);
        RgbImage user = photo("sample1");
        double[] userLandmarks = landmarks(user, 0);
        RgbImage kept = fused(template, templateLandmarks, true, user, userLandmarks);
        RgbImage paintedOver = fused(template, templateLandmarks, false, user, userLandmarks);
        // the template as the engine reshapes it, and the hand on it, inside the face
        RgbImage reshaped = reshaped(template, templateLandmarks, userLandmarks);
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        List<double[]> hands = new HandFinder(models).overFace(reshaped, shape);
        assertEquals(1, hands.size(), "the hand is found on the reshaped template");
        boolean[] onHand = insideBoth(hands.get(0), FaceMesh.scaled(FaceMesh.ovalOfPoints(shape), 0.9),
                template.width(), template.height());
        Difference difference = difference(kept, paintedOver, reshaped, onHand);
        int n = difference.pixels();
        double keptDifference = difference.first();
        double paintedDifference = difference.second();
        assertTrue(n > 3000, "the hand covers the face: " + n + " pixels");
        assertTrue(keptDifference < 6, "the hand is in front: mean grey difference " + keptDifference);
        assertTrue(paintedDifference > 4 * keptDifference, "without the finding it is painted over: "
                + paintedDifference + " against " + keptDifference);
    }

    private RgbImage fused(RgbImage template, double[] templateLandmarks, RgbImage user, double[] userLandmarks) {
        return fused(template, templateLandmarks, false, user, userLandmarks, null);
    }

    private RgbImage fused(RgbImage template, double[] templateLandmarks, boolean handsInFront, RgbImage user,
                           double[] userLandmarks) {
        return fused(template, templateLandmarks, handsInFront, user, userLandmarks, null);
    }

    /**
     * {@code user}'s face fused into {@code template}'s at the test's degrees; {@code handsInFront} as the
     * template's analysis says, {@code sunglasses} as moderation says of the user (null: the engine looks).
     */
    private RgbImage fused(RgbImage template, double[] templateLandmarks, boolean handsInFront, RgbImage user,
                           double[] userLandmarks, Boolean sunglasses) {
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        new FaceFusionEngine(models).fuse(canvas, new FaceFusionEngine.Face(templateLandmarks,
                        SkinColour.of(template, templateLandmarks), handsInFront),
                user, new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks), false, sunglasses),
                DEGREES);
        return canvas;
    }

    /** Mean grey differences of two outputs from a reference over the pixels where {@code where} holds. */
    private record Difference(double first, double second, int pixels) {
    }

    private static Difference difference(RgbImage first, RgbImage second, RgbImage reference, boolean[] where) {
        double a = 0;
        double b = 0;
        int n = 0;
        for (int p = 0; p < where.length; p++) {
            if (where[p]) {
                a += Math.abs(grey(first, p) - grey(reference, p));
                b += Math.abs(grey(second, p) - grey(reference, p));
                n++;
            }
        }
        return new Difference(n == 0 ? 0 : a / n, n == 0 ? 0 : b / n, n);
    }

    /** {@code picture} (the template's size) reshaped as the engine reshapes the template for this user. */
    private static RgbImage reshaped(RgbImage picture, double[] templateLandmarks, double[] userLandmarks) {
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        RgbImage out = new RgbImage(picture.width(), picture.height(), picture.rgb().clone());
        TemplateReshape.apply(out, FaceFusionEngine.xy(templateLandmarks), shape, Delaunay.triangulate(shape), new double[0]);
        return out;
    }

    /** Where the pixels of the user's photo marked by {@code where} land in the template, warped as the engine warps the face. */
    private static boolean[] landed(boolean[] where, RgbImage user, double[] userLandmarks, RgbImage template,
                                    double[] templateLandmarks) {
        double[] shape = FaceFusionEngine.targetShape(templateLandmarks, userLandmarks, DEGREES);
        Region whole = new Region(0, 0, template.width(), template.height());
        float[] warped = PiecewiseAffineWarp.warp(white(where, user.width(), user.height()), FaceFusionEngine.xy(userLandmarks),
                shape, Delaunay.triangulate(shape), whole).rgb();
        boolean[] landed = new boolean[whole.pixels()];
        for (int p = 0; p < landed.length; p++) {
            landed[p] = warped[3 * p] > 250;
        }
        return landed;
    }

    /** The pixels (centres) of a picture inside both polygons. */
    private static boolean[] insideBoth(double[] a, double[] b, int width, int height) {
        boolean[] inside = new boolean[width * height];
        for (int p = 0; p < inside.length; p++) {
            double x = p % width + 0.5;
            double y = p / width + 0.5;
            inside[p] = FaceMesh.inside(a, x, y) && FaceMesh.inside(b, x, y);
        }
        return inside;
    }

    /** A picture white where {@code where} holds, black elsewhere. */
    private static RgbImage white(boolean[] where, int width, int height) {
        byte[] rgb = new byte[where.length * 3];
        for (int p = 0; p < where.length; p++) {
            if (where[p]) {
                rgb[3 * p] = (byte) 255;
                rgb[3 * p + 1] = (byte) 255;
                rgb[3 * p + 2] = (byte) 255;
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static int grey(RgbImage image, int pixel) {
        byte[] rgb = image.rgb();
        return ((rgb[3 * pixel] & 0xff) + (rgb[3 * pixel + 1] & 0xff) + (rgb[3 * pixel + 2] & 0xff)) / 3;
    }

    /**
     * A strand of hair from the temple down across the outer cheek, above the mouth and clear of the
     * eye: a band a twelfth of the face wide, a tenth of the face in from its outline.
     */
    private static boolean[] strand(RgbImage photo, double[] points) {
        double width = Math.hypot(points[2 * 454] - points[2 * 234], points[2 * 454 + 1] - points[2 * 234 + 1]);
        double[] nose = {points[2], points[3]};
        double[] from = inward(points, 162, nose, 0.12);
        double[] to = inward(points, 93, nose, 0.12);
        double half = width / 24;
        boolean[] out = new boolean[photo.width() * photo.height()];
        double[] outline = FaceMesh.ovalOfPoints(points);
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                if (distanceToSegment(x + 0.5, y + 0.5, from, to) < half && FaceMesh.inside(outline, x + 0.5, y + 0.5)) {
                    out[y * photo.width() + x] = true;
                }
            }
        }
        return out;
    }

    private static double[] inward(double[] points, int landmark, double[] toward, double share) {
        double x = points[2 * landmark];
        double y = points[2 * landmark + 1];
        return new double[]{x + share * (toward[0] - x), y + share * (toward[1] - y)};
    }

    private static double distanceToSegment(double x, double y, double[] a, double[] b) {
        double dx = b[0] - a[0];
        double dy = b[1] - a[1];
        double t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
    }

    private static RgbImage painted(RgbImage photo, boolean[] where) {
        byte[] rgb = photo.rgb().clone();
        for (int p = 0; p < where.length; p++) {
            if (where[p]) {
                System.arraycopy(HAIR, 0, rgb, 3 * p, 3);
            }
        }
        return new RgbImage(photo.width(), photo.height(), rgb);
    }

    /** Pixels inside the outline (and on {@code only}, when given), and how many of them are covered. */
    private record Share(int inside, int covered) {
    }

    private static Share share(float[] shown, Region region, double[] outline, boolean[] only, int photoWidth) {
        int inside = 0;
        int covered = 0;
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                int px = region.x0 + x;
                int py = region.y0 + y;
                boolean counted = FaceMesh.inside(outline, px + 0.5, py + 0.5) && (only == null || only[py * photoWidth + px]);
                if (counted) {
                    inside++;
                    covered += shown[y * region.width + x] < 0.5f ? 1 : 0;
                }
            }
        }
        return new Share(inside, covered);
    }

    private static float[] shown(RgbImage photo, double[] points) {
        Region region = regionOf(photo, points);
        return FaceOcclusion.of(photo, points, region).over(region);
    }

    private static Region regionOf(RgbImage photo, double[] points) {
        return Region.around(points, 0.25, photo.width(), photo.height());
    }

    private static float at(float[] shown, Region region, double[] points, int landmark) {
        int x = (int) points[2 * landmark] - region.x0;
        int y = (int) points[2 * landmark + 1] - region.y0;
        return shown[y * region.width + x];
    }

    private static RgbImage photo(String name) {
        return RgbImage.of(ImageEdits.read(Photos.bytes(name)));
    }

    /** The landmarks of the photo's {@code index}-th largest face. */
    private static double[] landmarks(RgbImage photo, int index) {
        List<DetectedFace> faces = new ArrayList<>(new FaceDetector(models).detect(photo));
        faces.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
        return new FaceAnalysis(models).landmarks(photo, faces.get(index)).points();
    }
}
