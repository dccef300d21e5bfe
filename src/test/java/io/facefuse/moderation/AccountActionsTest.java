package io.facefuse.moderation;

import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Repeated blocks for content warn, restrict and then suspend (seed 000 §3.2(4), §3.10), operators
 * freeze subjects, and a sampled share of passes goes to people: with the low counts of this
 * profile (2, 4, 8) and every pass sampled.
 */
@QuarkusTest
@TestProfile(AccountActionsTest.LowCounts.class)
class AccountActionsTest {

    public static final class LowCounts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.moderation.actions.warn-after", "2",
                    "facefuse.moderation.actions.restrict-after", "4",
                    "facefuse.moderation.actions.suspend-after", "8",
                    "facefuse.moderation.review.pass-sample-rate", "1",
                    "quarkus.lambda.mock-event-server.test-port", "8086",
                    "quarkus.http.test-port", "8086",
                    "facefuse.internal-listener.port", "8096");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void repeatedBlocksWarnThenRestrictThenSuspend() {
        Operator.TestApp app = Operator.createApp("strikes-" + System.nanoTime());
        // a policy so strict that any image's NSFW score blocks it, on an image without faces
        Moderation.policy(app.appId(), "reviewFrom: 1, blockFrom: 2");
        byte[] image = ImageEdits.noFaceJpeg();
        String[] expected = {"good", "warned", "warned", "restricted", "restricted", "restricted", "restricted", "frozen"};
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                // the app is restricted now: even a passing check of another subject goes to people
                Operator.given().delete("/v1/ops/moderation/policies/" + app.appId()).then().statusCode(200);
                // a check that blocks nothing answers the standing read before it: the subject's, or the app's
                Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template&subjectId=frank")
                        .then().statusCode(200).body("verdict", equalTo("review")).body("reason", equalTo("AccountRestricted"))
                        .body("standing", equalTo("good"));
                Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template")
                        .then().statusCode(200).body("verdict", equalTo("review")).body("standing", equalTo("restricted"));
                Moderation.policy(app.appId(), "reviewFrom: 1, blockFrom: 2");
            }
            Moderation.internalCheck(app.appId(), image, "image/jpeg", "role=output&subjectId=eve")
                    .then().statusCode(200).body("verdict", equalTo("block")).body("reason", equalTo("NsfwContent"))
                    .body("standing", equalTo(expected[i]));
        }
        Operator.given().get("/v1/ops/moderation/standing/" + app.appId() + "?subjectId=eve").then().statusCode(200)
                .body("level", equalTo("frozen")).body("lastAction", equalTo("suspension"));
        Operator.given().get("/v1/ops/moderation/standing/" + app.appId()).then().statusCode(200)
                .body("level", equalTo("frozen"));
        // the subject is refused before anything is processed, and the app is suspended by fusion
        Db db = new Db(dataSource);
        String before = db.snapshot();
        Moderation.internalCheck(app.appId(), image, "image/jpeg", "role=output&subjectId=eve")
                .then().statusCode(403).body("code", equalTo("SubjectFrozen"));
        assertEquals(before, db.snapshot());
        Operator.given().get("/v1/ops/apps/" + app.appId()).then().statusCode(200).body("status", equalTo("suspended"));
        app.signer().request("GET", "/v1/app/moderation-policy", "").get("/v1/app/moderation-policy").then().statusCode(403)
                .body("code", equalTo("AppSuspended"));
    }

    @Test
    void anOperatorFreezesAndUnfreezesASubject() {
        Operator.TestApp app = Operator.createApp("freeze-" + System.nanoTime());
        Moderation.consent(app, "gus");
        String freeze = "/v1/ops/moderation/standing/" + app.appId() + "/subjects/gus/";
        Operator.given().contentType("application/json").body("{\"reason\":\"impersonation complaint\"}")
                .post(freeze + "freeze").then().statusCode(200).body("level", equalTo("frozen"));
        Db db = new Db(dataSource);
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "user_photo", "gus")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("SubjectFrozen"));
        // the image decodes while the standing is looked up; a frozen subject is still the answer
        byte[] damaged = java.util.Arrays.copyOf(Photos.bytes("sample1"), 600);
        Moderation.check(app, damaged, "image/jpeg", "user_photo", "gus")
                .then().statusCode(403).body("code", equalTo("SubjectFrozen"));
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
        Operator.given().contentType("application/json").body("{}").post(freeze + "unfreeze")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Operator.given().contentType("application/json").body("{\"reason\":\"complaint withdrawn\"}")
                .post(freeze + "unfreeze").then().statusCode(200).body("level", equalTo("good"));
        Moderation.check(app, damaged, "image/jpeg", "user_photo", "gus")
                .then().statusCode(400).body("code", equalTo("ImageDecodeFailed"));
        // both steps are in the trace log, with who took them and why
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'subject.freeze' and subject_id = 'gus' "
                + "and actor = 'operator:tester' and detail = 'impersonation complaint' and app_id = ?::uuid", app.appId().toString()));
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'subject.unfreeze' and subject_id = 'gus' "
                + "and app_id = ?::uuid", app.appId().toString()));
        Moderation.check(app, Photos.bytes("sample1"), "image/jpeg", "user_photo", "gus")
                .then().statusCode(200).body("verdict", equalTo("pass"));
    }

    @Test
    void aSampledPassGoesToPeopleAndStaysAPass() {
        Operator.TestApp app = Operator.createApp("sampled-" + System.nanoTime());
        Response checked = Moderation.check(app, Photos.bytes("sample6"), "image/jpeg", "template", null);
        checked.then().statusCode(200).body("verdict", equalTo("pass")).body("reviewTaskId", notNullValue());
        Operator.given().get("/v1/ops/moderation/reviews/" + checked.path("reviewTaskId")).then().statusCode(200)
                .body("sampled", equalTo(true)).body("status", equalTo("open"));
    }
}
