package io.facefuse.moderation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.facefuse.models.RgbImage;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceMesh;

import java.util.Arrays;
import java.util.Base64;

/**
 * What moderation saw of one face, in the image's pixels. The quality fields are null where the
 * role does not measure them; {@code problem} is the reason code that makes the face unusable.
 * {@code sunglasses}: whether lenses unlike skin hide both eyes ({@link io.facefuse.vision.Glasses}),
 * for the faces measured with landmarks, else null. It is advice, not a problem: a user's sunglasses
 * are fused with their face, and the app may ask for a photo without them (the eyes carry much of a
 * likeness).
 * {@code landmarks}: for a usable face, the FaceMesh landmarks it was measured with (x, y, z per
 * point, float32 little-endian, base64), so that the fusion function, which fuses that face, need
 * not find them again. Only the other functions are told them: they are not stored with the check
 * and not answered to apps ({@link #withoutLandmarks()}).
 */
public record FaceReport(int x, int y, int width, int height, double detectorScore, Double yaw, Double pitch,
                         Double sharpness, Double minorProbability, boolean usable, String problem,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Boolean sunglasses,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String landmarks) {

    /**
     * The landmarks as numbers (x, y, z per point), or null where the check did not measure the face,
     * or said something that is not FaceMesh's 468 points (a moderation function of another version,
     * say): the caller then finds them itself.
     */
    @JsonIgnore
    public double[] landmarkPoints() {
        if (landmarks == null) {
            return null;
        }
        try {
            double[] points = FaceMesh.unpacked(Base64.getDecoder().decode(landmarks));
            return points.length == FaceMesh.POINTS * 3 && Arrays.stream(points).allMatch(Double::isFinite) ? points : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /**
     * The landmarks of this face of {@code photo} (x, y, z per point): those moderation measured it with,
     * or, where it said none that can be used, found again by {@code analysis} in this report's box.
     */
    public double[] landmarksOn(RgbImage photo, FaceAnalysis analysis) {
        double[] measured = landmarkPoints();
        return measured != null ? measured
                : analysis.landmarks(photo, new DetectedFace(x, y, width, height, detectorScore, new double[12])).points();
    }

    /** The landmarks (x, y, z per point) in the form {@code landmarks} holds. */
    static String packed(double[] points) {
        return Base64.getEncoder().encodeToString(FaceMesh.packed(points));
    }

    /** This report less its landmarks: what is stored with the check and answered to apps. */
    public FaceReport withoutLandmarks() {
        return landmarks == null ? this : new FaceReport(x, y, width, height, detectorScore, yaw, pitch, sharpness,
                minorProbability, usable, problem, sunglasses, null);
    }

    /** This report with the minor check's probability. */
    FaceReport withMinorProbability(Double probability) {
        return new FaceReport(x, y, width, height, detectorScore, yaw, pitch, sharpness, probability, usable, problem,
                sunglasses, landmarks);
    }
}
