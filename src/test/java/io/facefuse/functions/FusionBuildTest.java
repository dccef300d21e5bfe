package io.facefuse.functions;

import io.facefuse.fusion.FaceFusionEngine;
import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.Models;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.SkinColour;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A build with {@code -Dfacefuse.function=fusion} serves fusion routes and no others, and loads only its models. */
@QuarkusTest
@TestProfile(FunctionBuilds.Fusion.class)
class FusionBuildTest {

    @Inject
    Models models;

    @Test
    void servesOnlyItsOwnRoutes() {
        assertEquals(200, Routes.fusion());
        Routes.assertAbsent("/internal/v1/policies/00000000-0000-0000-0000-000000000001");
        Routes.assertAbsent("/v1/ops/trace/verification");
    }

    /** Landmarks and blending for the engine, the hand models for what is in front of a template's face. */
    @Test
    void loadsOnlyTheLandmarkBlendingAndHandModels() {
        assertEquals(Set.of("facemesh", "blend", "handdetect", "handlandmark"), Routes.loadedModels());
    }

    /** The fusion function's model work (landmarks of both faces, the engine) runs on what it loaded. */
    @Test
    void fusesAFaceWithTheModelsItLoaded() {
        // the face boxes come from moderation's report in a deployed fusion; its detector stands in here
        try (ModelRegistry detection = ModelRegistry.load(EnumSet.of(ModelSpec.BLAZEFACE), Optional.empty())) {
            FaceDetector detector = new FaceDetector(detection);
            FaceAnalysis analysis = new FaceAnalysis(models.registry());
            RgbImage user = RgbImage.of(ImageEdits.read(Photos.bytes("sample1")));
            RgbImage template = RgbImage.of(ImageEdits.read(Photos.bytes("sample4")));
            double[] userLandmarks = analysis.landmarks(user, largest(detector, user)).points();
            DetectedFace target = largest(detector, template);
            double[] templateLandmarks = analysis.landmarks(template, target).points();
            RgbImage canvas = new RgbImage(template.width(), template.height(), template.rgb().clone());

            new FaceFusionEngine(models.registry()).fuse(canvas,
                    new FaceFusionEngine.Face(templateLandmarks, SkinColour.of(template, templateLandmarks)), user,
                    new FaceFusionEngine.Face(userLandmarks, SkinColour.of(user, userLandmarks)),
                    new FaceFusionEngine.Degrees(1, 0.5));

            int changed = 0;
            int total = 0;
            for (int y = (int) target.y(); y < target.y() + target.height(); y++) {
                for (int x = (int) target.x(); x < target.x() + target.width(); x++) {
                    int i = (y * template.width() + x) * 3;
                    total++;
                    if (Math.abs((canvas.rgb()[i] & 0xff) - (template.rgb()[i] & 0xff)) > 8) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > total / 4, changed + " of " + total + " pixels of the template face changed");
        }
    }

    private static DetectedFace largest(FaceDetector detector, RgbImage photo) {
        return detector.detect(photo).stream().max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
    }
}
