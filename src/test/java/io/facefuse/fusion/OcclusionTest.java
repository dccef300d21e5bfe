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
import io.facefuse.vision.SkinColour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What lies over a template face stays in front of the fused face: a lock of the photo's own hair
 * laid across the forehead from the outline is found and kept; the same hair as an island inside
 * the face is not (it does not come from outside); the middle of the face never is.
 */
class OcclusionTest {

    static ModelRegistry models;
    static RgbImage template;
    static double[] landmarks;
    static double[] oval;
    static double left;
    static double right;
    static double top;
    static double bottom;

    @BeforeAll
    static void face() {
        models = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.FACEMESH, ModelSpec.BLEND), Optional.empty());
        template = RgbImage.of(ImageEdits.read(Photos.bytes("sample6")));
        landmarks = landmarks(template);
        oval = FaceMesh.oval(landmarks);
        left = Double.MAX_VALUE;
        right = -Double.MAX_VALUE;
        top = Double.MAX_VALUE;
        bottom = -Double.MAX_VALUE;
        for (int i = 0; i < oval.length; i += 2) {
            left = Math.min(left, oval[i]);
            right = Math.max(right, oval[i]);
            top = Math.min(top, oval[i + 1]);
            bottom = Math.max(bottom, oval[i + 1]);
        }
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void aLockOfHairAcrossTheForeheadIsFoundAndAnIslandOfItIsNot() {
        RgbImage photo = copy(template);
        int[] lock = lock();
        int[] island = island();
        paste(photo, lock);
        paste(photo, island);
        Region region = Region.around(FaceFusionEngine.xy(landmarks), 0.25, photo.width(), photo.height());
        float[] found = Occlusion.find(region.copyOf(photo.rgb(), photo.width()), region.width, region.height,
                region.shifted(FaceFusionEngine.xy(landmarks)));

        assertTrue(shareFound(found, region, lock) > 0.8, "the lock inside the outline: " + shareFound(found, region, lock));
        assertEquals(0, shareFound(found, region, island), 1e-9, "the island");
        double[] core = scaled(oval, 0.7);
        for (int p = 0; p < found.length; p++) {
            double x = p % region.width + region.x0 + 0.5;
            double y = p / region.width + region.y0 + 0.5;
            if (FaceMesh.inside(core, x, y)) {
                assertEquals(0, found[p], "nothing in the middle of the face at " + x + "," + y);
            }
        }
    }

    @Test
    void theLockStaysInFrontOfTheFusedFace() {
        RgbImage withLock = copy(template);
        int[] lock = lock();
        paste(withLock, lock);
        RgbImage user = RgbImage.of(ImageEdits.read(Photos.bytes("sample1")));
        double[] userLandmarks = landmarks(user);
        RgbImage kept = fuse(withLock, user, userLandmarks);
        // what the lock's place would hold had it been painted over: the same fusion without it
        RgbImage painted = fuse(template, user, userLandmarks);
        double[] masked = scaled(oval, 0.9);
        double keptChange = meanChange(kept, withLock, lock, masked);
        double paintedChange = meanChange(painted, withLock, lock, masked);
        assertTrue(keptChange < 0.25 * paintedChange, "the lock changed by " + keptChange
                + " grey levels; painted over, by " + paintedChange);
    }

    private static RgbImage fuse(RgbImage into, RgbImage user, double[] userLandmarks) {
        RgbImage canvas = copy(into);
        new FaceFusionEngine(models).fuse(canvas, new FaceFusionEngine.Face(landmarks, SkinColour.of(into, landmarks)),
                user, new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks)),
                new FaceFusionEngine.Degrees(1, 0.5));
        return canvas;
    }

    /** A lock of hair from above the face, laid from the outline's top into the forehead (x0, y0, x1, y1). */
    private static int[] lock() {
        double w = right - left;
        double h = bottom - top;
        return new int[]{(int) (left + 0.3 * w), (int) (top - 0.05 * h), (int) (left + 0.4 * w), (int) (top + 0.1 * h)};
    }

    /** The same hair as a small island in the left cheek, away from the outline and the middle. */
    private static int[] island() {
        double w = right - left;
        double h = bottom - top;
        int x = (int) (left + 0.07 * w);
        int y = (int) (top + 0.45 * h);
        return new int[]{x, y, x + (int) (0.05 * w), y + (int) (0.05 * w)};
    }

    /** Fills the rectangle with the hair beside the cheek, left of the face, repeated as needed. */
    private static void paste(RgbImage photo, int[] rect) {
        int sourceX = (int) (left - 0.12 * (right - left));
        int sourceY = (int) (top + 0.5 * (bottom - top));
        int size = (int) (0.08 * (right - left));
        byte[] rgb = photo.rgb();
        for (int y = rect[1]; y < rect[3]; y++) {
            for (int x = rect[0]; x < rect[2]; x++) {
                int from = ((sourceY + (y - rect[1]) % size) * photo.width() + sourceX + (x - rect[0]) % size) * 3;
                System.arraycopy(template.rgb(), from, rgb, (y * photo.width() + x) * 3, 3);
            }
        }
    }

    /** The share of the rectangle's pixels between the outline and the middle of the face that were found. */
    private static double shareFound(float[] found, Region region, int[] rect) {
        double[] core = scaled(oval, 0.7);
        int inside = 0;
        int hits = 0;
        for (int y = rect[1]; y < rect[3]; y++) {
            for (int x = rect[0]; x < rect[2]; x++) {
                if (FaceMesh.inside(oval, x + 0.5, y + 0.5) && !FaceMesh.inside(core, x + 0.5, y + 0.5)) {
                    inside++;
                    hits += found[(y - region.y0) * region.width + x - region.x0] > 0 ? 1 : 0;
                }
            }
        }
        assertTrue(inside > 50, "the rectangle lies in the face: " + inside);
        return hits / (double) inside;
    }

    /** Mean change of the pixels of the rectangle inside {@code within} and outside the middle of the face. */
    private static double meanChange(RgbImage a, RgbImage b, int[] rect, double[] within) {
        double[] core = scaled(oval, 0.7);
        double sum = 0;
        int n = 0;
        for (int y = rect[1]; y < rect[3]; y++) {
            for (int x = rect[0]; x < rect[2]; x++) {
                if (FaceMesh.inside(within, x + 0.5, y + 0.5) && !FaceMesh.inside(core, x + 0.5, y + 0.5)) {
                    int i = (y * a.width() + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        sum += Math.abs((a.rgb()[i + c] & 0xff) - (b.rgb()[i + c] & 0xff));
                    }
                    n += 3;
                }
            }
        }
        assertTrue(n > 150, "pixels compared: " + n);
        return sum / n;
    }

    private static double[] scaled(double[] polygon, double factor) {
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < polygon.length; i += 2) {
            cx += polygon[i];
            cy += polygon[i + 1];
        }
        cx /= polygon.length / 2.0;
        cy /= polygon.length / 2.0;
        double[] out = new double[polygon.length];
        for (int i = 0; i < polygon.length; i += 2) {
            out[i] = cx + (polygon[i] - cx) * factor;
            out[i + 1] = cy + (polygon[i + 1] - cy) * factor;
        }
        return out;
    }

    private static RgbImage copy(RgbImage image) {
        return new RgbImage(image.width(), image.height(), image.rgb().clone());
    }

    private static double[] landmarks(RgbImage photo) {
        List<DetectedFace> faces = new ArrayList<>(new FaceDetector(models).detect(photo));
        faces.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
        return new FaceAnalysis(models).landmarks(photo, faces.getFirst()).points();
    }
}
