package io.facefuse.moderation;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.FaceMesh;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The landmarks a check passes to the fusion function: read back as sent (to float precision), and
 * anything that is not FaceMesh's 468 finite points is not used (the fusion function then finds
 * them itself, as it would have without them), whatever version of the moderation function said it.
 */
class FaceReportTest {

    @Test
    void landmarksReadBackAsSent() {
        double[] points = new double[FaceMesh.POINTS * 3];
        for (int i = 0; i < points.length; i++) {
            points[i] = i * 0.25 - 100;
        }
        assertArrayEquals(points, report(FaceReport.packed(points)).landmarkPoints(), 1e-4);
        assertNull(report(FaceReport.packed(points)).withoutLandmarks().landmarks());
    }

    @Test
    void landmarksThatAreNotFaceMeshsAreNotUsed() {
        assertNull(report(null).landmarkPoints());
        assertNull(report(FaceReport.packed(new double[FaceMesh.POINTS * 2])).landmarkPoints(), "x, y only");
        assertNull(report(FaceReport.packed(new double[478 * 3])).landmarkPoints(), "a mesh with irises");
        double[] notANumber = new double[FaceMesh.POINTS * 3];
        notANumber[7] = Double.NaN;
        assertNull(report(FaceReport.packed(notANumber)).landmarkPoints(), "a point that is not a number");
        assertNull(report("not base64 at all!").landmarkPoints());
        assertNull(report(Base64.getEncoder().encodeToString(new byte[5])).landmarkPoints(), "not whole floats");
    }

    /**
     * What the fusion function and the template analysis fuse with: the landmarks the check said, as
     * said; where it said none that can be used, FaceMesh's own in the report's box, the same points
     * within a pixel and a half (sample3's largest face, about 330 pixels wide).
     */
    @Test
    void landmarksNotSaidAreFoundAgainInTheBox() {
        try (ModelRegistry models = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE, ModelSpec.FACEMESH), Optional.empty())) {
            RgbImage photo = RgbImage.of(ImageEdits.read(Photos.bytes("sample3")));
            FaceAnalysis analysis = new FaceAnalysis(models);
            DetectedFace face = new FaceDetector(models).detect(photo).stream()
                    .max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
            double[] measured = analysis.landmarks(photo, face).points();
            double[] said = reportOf(face, FaceReport.packed(measured)).landmarksOn(photo, analysis);
            assertArrayEquals(measured, said, 1e-3);
            for (String damaged : new String[]{null, "not base64 at all!"}) {
                double[] found = reportOf(face, damaged).landmarksOn(photo, analysis);
                assertEquals(measured.length, found.length);
                for (int i = 0; i < measured.length; i += 3) {
                    assertTrue(Math.hypot(found[i] - measured[i], found[i + 1] - measured[i + 1]) < 1.5,
                            "point " + i / 3 + " found again at " + found[i] + "," + found[i + 1]);
                }
            }
        }
    }

    /** A usable face's report of {@code face}'s box, saying {@code landmarks}. */
    private static FaceReport reportOf(DetectedFace face, String landmarks) {
        return new FaceReport((int) Math.round(face.x()), (int) Math.round(face.y()), (int) Math.round(face.width()),
                (int) Math.round(face.height()), face.score(), null, null, null, null, true, null, false, landmarks);
    }

    private static FaceReport report(String landmarks) {
        return new FaceReport(10, 20, 100, 120, 0.9, 1.0, 2.0, 50.0, 0.1, true, null, false, landmarks);
    }
}
