package io.facefuse.moderation;

import io.facefuse.vision.FaceMesh;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The landmarks a check passes to the fusion function: read back as sent (to float precision), and
 * anything that is not FaceMesh's 468 finite points is not used (the fusion function then finds
 * them itself), whatever version of the moderation function said it.
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

    private static FaceReport report(String landmarks) {
        return new FaceReport(10, 20, 100, 120, 0.9, 1.0, 2.0, 50.0, 0.1, true, null, false, landmarks);
    }
}
