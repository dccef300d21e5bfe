package io.facefuse.templates;

import io.facefuse.models.ModelSpec;
import io.facefuse.models.Models;
import io.facefuse.models.RgbImage;
import io.facefuse.moderation.FaceReport;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.Glasses;
import io.facefuse.vision.HandFinder;
import io.facefuse.vision.SkinColour;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Analyses a template once, at upload: for each face moderation found, its landmarks, skin colour
 * and whether a hand or sunglasses are in front of it, so that fusion only has to analyse the user's
 * photo (and look for the hand again only where there is one; sunglasses, a couple of milliseconds,
 * are looked for on every fusion, on the template as reshaped). Blocking work.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class TemplateAnalyzer {

    private final FaceAnalysis analysis;
    /** Null where the hand models are not loaded: no face is then marked as having a hand in front. */
    private final HandFinder hands;

    TemplateAnalyzer(Models models) {
        this.analysis = new FaceAnalysis(models.registry());
        this.hands = models.registry().isLoaded(ModelSpec.HANDDETECT) && models.registry().isLoaded(ModelSpec.HANDLANDMARK)
                ? new HandFinder(models.registry()) : null;
    }

    /** One row per face, numbered as moderation listed them (largest first). */
    public List<TemplateFace> faces(UUID templateId, RgbImage photo, List<FaceReport> reports) {
        List<TemplateFace> faces = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            FaceReport report = reports.get(i);
            TemplateFace face = new TemplateFace();
            face.templateId = templateId;
            face.faceId = i;
            face.x = report.x();
            face.y = report.y();
            face.width = report.width();
            face.height = report.height();
            face.usable = report.usable();
            face.problem = report.usable() ? null : report.problem() == null ? "NotAnalysed" : report.problem();
            if (report.usable()) {
                // moderation measured the face with these landmarks; found again only if it did not say them
                double[] landmarks = report.landmarksOn(photo, analysis);
                face.landmarks = FaceMesh.packed(landmarks);
                SkinColour skin = SkinColour.of(photo, landmarks);
                face.meanL = skin.meanL();
                face.meanA = skin.meanA();
                face.meanB = skin.meanB();
                face.sdL = skin.sdL();
                face.sdA = skin.sdA();
                face.sdB = skin.sdB();
                face.handsInFront = hands != null && !hands.overFace(photo, FaceMesh.xy(landmarks)).isEmpty();
                // moderation looked for sunglasses with the same landmarks on the same pixels
                face.glassesInFront = report.landmarkPoints() != null && report.sunglasses() != null
                        ? report.sunglasses() : Glasses.hideTheEyes(photo, FaceMesh.xy(landmarks));
            }
            faces.add(face);
        }
        return faces;
    }
}
