package io.facefuse.support;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.util.UUID;

/** Shortcuts for the moderation tests: consent, signed checks, internal checks, policies. */
public final class Moderation {

    public static final String GRANT = """
            {"purpose":"face_fusion","noticeVersion":"2026-11","keypointsNoticeShown":true,
             "ownPhotosNoticeShown":true,"identityVerified":true,"identityVerifiedAt":"2026-11-01T10:00:00Z",
             "consentedAt":"2026-11-02T10:00:00Z"}""";

    private Moderation() {
    }

    public static void consent(Operator.TestApp app, String subjectId) {
        String path = "/v1/subjects/" + subjectId + "/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);
    }

    /** A check through the app's public, signed route (the fusion function forwards it to moderation). */
    public static Response check(Operator.TestApp app, byte[] image, String contentType, String role, String subjectId) {
        String path = "/v1/moderation/checks?role=" + role + (subjectId == null ? "" : "&subjectId=" + subjectId);
        return app.signer().request("POST", path, image, contentType).post(path);
    }

    /** A check as the fusion function makes it, on the moderation function's internal route. */
    public static Response internalCheck(UUID appId, byte[] image, String contentType, String query) {
        return RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN)
                .contentType(contentType).body(image)
                .post("/internal/v1/moderation/checks?appId=" + appId + (query.isEmpty() ? "" : "&" + query));
    }

    /** Sets an app's policy: the defaults with the given fields replaced (JSON members). */
    public static void policy(UUID appId, String overrides) {
        String body = """
                {"reviewFrom":70,"blockFrom":80,"minFacePixels":34,"maxFaces":6,"maxYaw":45,"maxPitch":40,
                 "minSharpness":20,"minorAge":18,"minorAction":"block","inputRetentionHours":24}""";
        for (String pair : overrides.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String name = pair.substring(0, pair.indexOf(':')).trim();
            body = body.replaceAll("\"" + name + "\":(\"[^\"]*\"|\\d+)", "\"" + name + "\":" + pair.substring(pair.indexOf(':') + 1).trim());
        }
        Operator.given().contentType("application/json").body(body).put("/v1/ops/moderation/policies/" + appId)
                .then().statusCode(200);
    }
}
