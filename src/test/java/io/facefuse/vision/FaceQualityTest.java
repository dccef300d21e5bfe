package io.facefuse.vision;

import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pose and focus on the sample photos, with the real detector and FaceMesh. */
class FaceQualityTest {

    private final FaceDetector detector = new FaceDetector(VisionModels.REGISTRY);
    private final FaceAnalysis analysis = new FaceAnalysis(VisionModels.REGISTRY);

    @Test
    void aTurnedFaceHasALargeYawAndFrontalOnesSmall() throws Exception {
        RgbImage photo = VisionModels.photo("sample2");
        List<DetectedFace> faces = detector.detect(photo);
        DetectedFace largest = faces.stream().max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
        FaceQuality.Pose turned = FaceQuality.pose(analysis.landmarks(photo, largest));
        assertTrue(Math.abs(turned.yaw()) > 45, "sample2's largest face is turned: " + turned);
        RgbImage frontal = VisionModels.photo("sample6");
        for (DetectedFace face : detector.detect(frontal)) {
            FaceQuality.Pose pose = FaceQuality.pose(analysis.landmarks(frontal, face));
            assertTrue(Math.abs(pose.yaw()) < 30 && Math.abs(pose.pitch()) < 30, "sample6 faces look ahead: " + pose);
        }
    }

    @Test
    void blurLowersSharpnessBelowTheDefaultMinimum() {
        RgbImage sharp = RgbImage.of(ImageEdits.read(Photos.bytes("sample6")));
        RgbImage blurred = RgbImage.of(ImageEdits.blurred(ImageEdits.read(Photos.bytes("sample6")), 8));
        for (DetectedFace face : detector.detect(sharp)) {
            assertTrue(FaceQuality.sharpness(sharp, face) > 100, "sample6 faces are in focus");
            assertTrue(FaceQuality.sharpness(blurred, face) < 20, "and blurred they are not");
        }
    }
}
