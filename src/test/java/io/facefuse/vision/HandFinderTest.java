package io.facefuse.vision;

import io.facefuse.models.RgbImage;
import io.facefuse.numerics.ConvexHull;
import io.facefuse.support.ImageEdits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The palm detector and hand landmarks on real photos, and which hands count as in front of a face. */
class HandFinderTest {

    private final HandFinder finder = new HandFinder(VisionModels.REGISTRY);

    /** sample6's clasped hands (at the bottom of the photo, about x 1290-1470, y 1330-1480) are found, landmarks on them. */
    @Test
    void theClaspedHandsInSample6AreFound() throws IOException {
        RgbImage photo = VisionModels.photo("sample6");
        List<HandFinder.Hand> hands = finder.find(photo, 1100, 1150, 600);
        assertFalse(hands.isEmpty(), "a hand is found");
        HandFinder.Hand hand = hands.get(0);
        assertTrue(hand.presence() > 0.8, "presence " + hand.presence());
        double[] p = hand.points();
        assertEquals(42, p.length);
        for (int i = 0; i < p.length; i += 2) {
            assertTrue(p[i] > 1290 && p[i] < 1470 && p[i + 1] > 1330 && p[i + 1] < 1480,
                    "landmark " + i / 2 + " at " + p[i] + "," + p[i + 1] + " is on the hands");
        }
        // the outline is the landmarks' hull, grown: it holds every landmark
        double[] outline = hand.outline();
        for (int i = 0; i < p.length; i += 2) {
            assertTrue(FaceMesh.inside(outline, p[i], p[i + 1]), "landmark " + i / 2 + " inside the outline");
        }
    }

    /** No hand is in front of the sample faces: not on the clear ones, and not the false find on sample5's neck. */
    @Test
    void noHandIsInFrontOfTheSampleFaces() throws IOException {
        FaceDetector detector = new FaceDetector(VisionModels.REGISTRY);
        FaceAnalysis analysis = new FaceAnalysis(VisionModels.REGISTRY);
        int faces = 0;
        for (String name : List.of("sample1", "sample2", "sample3", "sample4", "sample5", "sample6")) {
            RgbImage photo = VisionModels.photo(name);
            for (DetectedFace face : detector.detect(photo)) {
                double[] points = FaceMesh.xy(analysis.landmarks(photo, face).points());
                assertEquals(List.of(), finder.overFace(photo, points), name + " face at " + face.centerX() + "," + face.centerY());
                faces++;
            }
        }
        assertEquals(21, faces);
        // the palm detector does take something below a face of sample5 for a hand: it lies outside the face
        RgbImage sample5 = VisionModels.photo("sample5");
        List<HandFinder.Hand> below = finder.find(sample5, 1012, 158, 378);
        assertFalse(below.isEmpty(), "sample5's false find is still there, so the test above tests the filter");
        DetectedFace face = detector.detect(sample5).stream()
                .min(Comparator.comparingDouble(f -> Math.hypot(f.centerX() - 1201, f.centerY() - 347))).orElseThrow();
        double[] oval = FaceMesh.ovalOfPoints(FaceMesh.xy(analysis.landmarks(sample5, face).points()));
        assertTrue(HandFinder.shareInside(below.get(0).outline(), oval) < HandFinder.MIN_OVER_FACE);
    }

    /** A hand pasted over sample6's largest face is in front of it, and its outline covers where it was pasted. */
    @Test
    void aHandOverAFaceIsInFrontOfIt() {
        RgbImage photo = RgbImage.of(ImageEdits.handOverFace());
        DetectedFace face = new FaceDetector(VisionModels.REGISTRY).detect(photo).stream()
                .max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
        double[] points = FaceMesh.xy(new FaceAnalysis(VisionModels.REGISTRY).landmarks(photo, face).points());
        List<double[]> over = finder.overFace(photo, points);
        assertEquals(1, over.size(), "one hand in front");
        java.awt.Rectangle patch = ImageEdits.HAND_PATCH;
        // the hand's knuckles and fingers in the pasted piece
        assertTrue(FaceMesh.inside(over.get(0), patch.x + 75, patch.y + 95), "the outline covers the hand");
        assertTrue(HandFinder.shareInside(over.get(0), FaceMesh.ovalOfPoints(points)) >= HandFinder.MIN_OVER_FACE);
    }

    @Test
    void theConvexHullKeepsTheCornersAndDropsWhatIsInside() {
        double[] points = {0, 0, 4, 0, 2, 1, 4, 4, 1, 2, 0, 4, 2, 3, 2, 0};
        double[] hull = ConvexHull.of(points);
        assertEquals(8, hull.length, java.util.Arrays.toString(hull));
        for (double[] corner : new double[][] {{0, 0}, {4, 0}, {4, 4}, {0, 4}}) {
            boolean found = false;
            for (int i = 0; i < hull.length; i += 2) {
                found |= hull[i] == corner[0] && hull[i + 1] == corner[1];
            }
            assertTrue(found, "corner " + corner[0] + "," + corner[1]);
        }
        assertArrayEquals(new double[] {0, 0, 1, 1}, ConvexHull.of(new double[] {0, 0, 1, 1}));
    }
}
