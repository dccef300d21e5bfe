package io.facefuse.vision;

import com.fasterxml.jackson.databind.JsonNode;
import io.facefuse.models.RgbImage;
import io.facefuse.models.ModelParityFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anchor decoding and suppression in Java agree with the reference; whole photos find their faces. */
class FaceDetectorTest {

    private final FaceDetector detector = new FaceDetector(VisionModels.REGISTRY);

    @Test
    void decodesTheSameFacesAsTheReference() throws IOException {
        for (JsonNode entry : ModelParityFixtures.entries("blazeface")) {
            List<DetectedFace> faces = detector.detectInInput(ModelParityFixtures.input("blazeface", entry));
            JsonNode expected = entry.get("faces");
            String photo = entry.get("photo").asText();
            assertEquals(expected.size(), faces.size(), photo);
            for (int i = 0; i < faces.size(); i++) {
                DetectedFace face = faces.get(i);
                JsonNode want = expected.get(i);
                assertEquals(want.get("score").asDouble(), face.score(), 1e-3, photo + " score");
                double[] box = {face.x(), face.y(), face.width(), face.height()};
                for (int k = 0; k < 4; k++) {
                    assertEquals(want.get("box").get(k).asDouble(), box[k], 0.5, photo + " face " + i + " box " + k);
                }
                for (int k = 0; k < 12; k++) {
                    assertEquals(want.get("keypoints").get(k).asDouble(), face.keypoints()[k], 0.5, photo + " keypoint " + k);
                }
            }
        }
    }

    @Test
    void findsEveryFaceInTheSamplePhotos() throws IOException {
        for (JsonNode entry : ModelParityFixtures.entries("blazeface")) {
            String photo = entry.get("photo").asText();
            RgbImage image = VisionModels.photo(photo);
            List<DetectedFace> faces = detector.detect(image);
            assertEquals(entry.get("faces").size(), faces.size(), photo);
            double scale = Math.max(image.width(), image.height()) / 256.0;
            for (JsonNode want : entry.get("faces")) {
                JsonNode box = want.get("box");
                DetectedFace expected = new DetectedFace(box.get(0).asDouble() * scale, box.get(1).asDouble() * scale,
                        box.get(2).asDouble() * scale, box.get(3).asDouble() * scale, 0, new double[12]);
                // another JPEG decoder shifts pixels slightly: the same faces, in nearly the same boxes
                assertTrue(faces.stream().anyMatch(f -> f.iou(expected) > 0.8), photo + " lacks the face at " + box);
            }
        }
    }

    @Test
    void findsNoFaceInAnImageWithoutOne() {
        byte[] gray = new byte[640 * 480 * 3];
        java.util.Arrays.fill(gray, (byte) 128);
        assertTrue(detector.detect(new RgbImage(640, 480, gray)).isEmpty());
    }

    @Test
    void boxesAreInThePhotosPixels() throws IOException {
        RgbImage image = VisionModels.photo("sample1");
        for (DetectedFace face : detector.detect(image)) {
            assertTrue(face.x() >= -face.width() / 2 && face.x() + face.width() <= image.width() + face.width() / 2);
            assertTrue(face.y() >= -face.height() / 2 && face.y() + face.height() <= image.height() + face.height() / 2);
            assertTrue(face.keypoints()[0] > face.x() && face.keypoints()[0] < face.x() + face.width(), "eye inside the box");
        }
    }
}
