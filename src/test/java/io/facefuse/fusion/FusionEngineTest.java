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
    void colourTransferMovesTheUsersSkinToTheTemplates() {
        SkinColour from = SkinColour.of(user, userLandmarks);
        SkinColour to = new SkinColour(from.meanL() - 15, from.meanA() + 6, from.meanB() - 4, from.sdL(), from.sdA(), from.sdB());
        Region region = Region.around(FaceMesh.oval(userLandmarks), 0, user.width(), user.height());
        float[] pixels = region.copyOf(user.rgb(), user.width());
        float[] covered = new float[region.pixels()];
        java.util.Arrays.fill(covered, 1);
        FaceFusionEngine.transferColour(pixels, covered, from, to);
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

    @Test
    void aFusionChangesTheFaceAndNothingFarFromIt() {
        RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());
        FaceFusionEngine engine = new FaceFusionEngine(models);
        engine.fuse(canvas, new FaceFusionEngine.Face(templateLandmarks, SkinColour.of(template, templateLandmarks)),
                user, new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks)),
                new FaceFusionEngine.Degrees(1, 0.5));
        Region far = Region.around(FaceFusionEngine.xy(templateLandmarks), 0.3, template.width(), template.height());
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

    private static double[] landmarks(RgbImage photo) {
        DetectedFace face = new FaceDetector(models).detect(photo).stream()
                .max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
        return new FaceAnalysis(models).landmarks(photo, face).points();
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
