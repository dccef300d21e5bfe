package io.facefuse.vision;

import io.facefuse.models.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Landmarks, identity and age on the faces of the sample photos. */
class FaceAnalysisTest {

    private static final List<String> PHOTOS = List.of("sample1", "sample2", "sample3", "sample4", "sample5", "sample6");

    private final FaceDetector detector = new FaceDetector(VisionModels.REGISTRY);
    private final FaceAnalysis analysis = new FaceAnalysis(VisionModels.REGISTRY);

    @Test
    void theSameFaceAtHalfTheResolutionKeepsItsIdentity() throws IOException {
        for (String photo : PHOTOS) {
            RgbImage image = VisionModels.photo(photo);
            DetectedFace face = detector.detect(image).get(0);
            RgbImage half = image.squareCrop(0, 0, image.width(), image.height(), Math.max(image.width(), image.height()) / 2);
            DetectedFace again = detector.detect(half).stream().max(java.util.Comparator.comparingDouble(
                    f -> f.iou(new DetectedFace(face.x() / 2, face.y() / 2, face.width() / 2, face.height() / 2, 0, new double[12]))))
                    .orElseThrow();
            double similarity = dot(analysis.embedding(image, face), analysis.embedding(half, again));
            assertTrue(similarity > 0.9, photo + ": " + similarity);
        }
    }

    @Test
    void differentPeopleAreFarApart() throws IOException {
        List<float[]> embeddings = new ArrayList<>();
        for (String photo : PHOTOS) {
            RgbImage image = VisionModels.photo(photo);
            for (DetectedFace face : detector.detect(image)) {
                float[] e = analysis.embedding(image, face);
                assertEquals(1.0, dot(e, e), 1e-4, "unit length");
                embeddings.add(e);
            }
        }
        assertEquals(21, embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            for (int j = i + 1; j < embeddings.size(); j++) {
                double similarity = dot(embeddings.get(i), embeddings.get(j));
                assertTrue(similarity < 0.8, "faces " + i + " and " + j + ": " + similarity);
            }
        }
    }

    @Test
    void landmarksCoverTheDetectedFace() throws IOException {
        RgbImage image = VisionModels.photo("sample1");
        for (DetectedFace face : detector.detect(image)) {
            FaceAnalysis.Landmarks landmarks = analysis.landmarks(image, face);
            assertEquals(468, landmarks.count());
            assertTrue(landmarks.faceScore() > 0.5, "face-presence score " + landmarks.faceScore());
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < landmarks.count(); i++) {
                sx += landmarks.points()[3 * i];
                sy += landmarks.points()[3 * i + 1];
            }
            double cx = sx / landmarks.count();
            double cy = sy / landmarks.count();
            assertTrue(cx > face.x() && cx < face.x() + face.width() && cy > face.y() && cy < face.y() + face.height(),
                    "landmark centre " + cx + "," + cy + " outside " + face);
        }
    }

    @Test
    void ageEstimatesAreDistributionsOverTheBuckets() throws IOException {
        RgbImage image = VisionModels.photo("sample4");
        for (DetectedFace face : detector.detect(image)) {
            FaceAnalysis.AgeEstimate age = analysis.age(image, face);
            assertEquals(1.0, java.util.Arrays.stream(age.buckets()).sum(), 1e-3);
            assertTrue(age.years() >= 15 && age.years() <= 65, "age " + age.years());
            assertEquals(age.buckets()[0], age.minorProbability());
        }
    }

    @Test
    void everySampleAdultStaysBelowTheDefaultReviewLineForMinors() throws IOException {
        // the default policy sends a face to review from 0.70 (facefuse.moderation.defaults.review-from): the
        // int8 GEAR must not push any of these 21 adults over it (highest, 2026-11-26: 0.654)
        int faces = 0;
        for (String photo : PHOTOS) {
            RgbImage image = VisionModels.photo(photo);
            for (DetectedFace face : detector.detect(image)) {
                List<FaceAnalysis.AgeEstimate> crops = new ArrayList<>();
                for (double margin : FaceAnalysis.AGE_MARGINS) {
                    crops.add(analysis.age(image, face, margin));
                }
                double minor = FaceAnalysis.mean(crops).minorProbability();
                assertTrue(minor < 0.70, photo + " face at " + face.x() + "," + face.y() + ": " + minor);
                faces++;
            }
        }
        assertEquals(21, faces);
    }

    static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }
}
