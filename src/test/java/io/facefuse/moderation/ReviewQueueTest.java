package io.facefuse.moderation;

import io.facefuse.labelling.LabelResource;
import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** People review what the machines could not decide, and a block on an output revokes it. */
@QuarkusTest
class ReviewQueueTest {

    private static final String SECOND_OPERATOR = "second-operator-token";

    @Inject
    DataSource dataSource;

    Operator.TestApp app;
    Db db;

    @BeforeEach
    void app() {
        app = Operator.createApp("review-" + System.nanoTime());
        db = new Db(dataSource);
        // every check goes to people, nothing is blocked by score
        Moderation.policy(app.appId(), "reviewFrom: 0, blockFrom: 100");
    }

    @Test
    void aBlockedOutputIsRevokedThroughTheLabellingFunction() {
        Response labelled = app.signer().request("POST", "/v1/labels?subjectId=dan", Photos.bytes("sample5"), "image/jpeg")
                .post("/v1/labels?subjectId=dan");
        labelled.then().statusCode(200);
        String contentId = labelled.header(LabelResource.CONTENT_ID_HEADER);
        byte[] output = labelled.asByteArray();

        String task = Moderation.internalCheck(app.appId(), output, "image/jpeg", "role=output&subjectId=dan&contentId=" + contentId)
                .then().statusCode(200).body("verdict", equalTo("review")).extract().path("reviewTaskId");
        Operator.given().get("/v1/ops/moderation/reviews").then().statusCode(200).body("id", hasItem(task));

        Operator.given().post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(200)
                .body("status", equalTo("claimed")).body("claimedBy", equalTo("operator:tester"));
        Operator.given().contentType("application/json").body("{\"decision\":\"block\",\"note\":\"shows a public figure\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(200)
                .body("status", equalTo("decided")).body("decision", equalTo("block"))
                .body("decidedBy", equalTo("operator:tester")).body("mediaAvailable", equalTo(false));

        // the image is gone from the queue, the output is revoked, the decision is traced
        Operator.given().get("/v1/ops/moderation/reviews/" + task + "/media").then().statusCode(410);
        Operator.given().get("/v1/ops/moderation/reviews").then().statusCode(200).body("id", not(hasItem(task)));
        RestAssured.given().contentType("image/jpeg").body(output).post("/v1/labels/inspection")
                .then().statusCode(200).body("contentId", equalTo(contentId)).body("revoked", equalTo(true));
        assertEquals(1, db.count("select count(*) from content_revocation where content_id = ? and revoked_by = 'operator:tester'",
                contentId));
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'review.decide' and content_id = ? "
                + "and outcome = 'block'", contentId));
    }

    @Test
    void aTaskIsDecidedOnlyByTheOperatorWhoClaimedIt() {
        String task = Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().path("reviewTaskId");
        String decision = "{\"decision\":\"pass\",\"note\":\"fine\"}";
        // unclaimed
        Operator.given().contentType("application/json").body(decision)
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(409).body("code", equalTo("Conflict"));
        Operator.given().post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(200);
        // someone else's
        RestAssured.given().header("X-Facefuse-Operator-Token", SECOND_OPERATOR)
                .post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(409).body("code", equalTo("Conflict"));
        RestAssured.given().header("X-Facefuse-Operator-Token", SECOND_OPERATOR).contentType("application/json").body(decision)
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(409);
        // escalated: back in the queue for the second operator, who decides
        Operator.given().contentType("application/json").body("{\"decision\":\"escalate\",\"note\":\"not sure\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(200)
                .body("status", equalTo("open")).body("decision", equalTo("escalate"));
        RestAssured.given().header("X-Facefuse-Operator-Token", SECOND_OPERATOR)
                .post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(200);
        RestAssured.given().header("X-Facefuse-Operator-Token", SECOND_OPERATOR).contentType("application/json").body(decision)
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(200)
                .body("decision", equalTo("pass")).body("decidedBy", equalTo("operator:second"));
        // decided is final
        Operator.given().post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(409);
    }

    @Inject
    ReviewImageRetention reviewImages;

    @Test
    void imagesWaitingForReviewAreKeptNoLongerThanTheInputRetention() throws Throwable {
        String old = Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().path("reviewTaskId");
        String fresh = Moderation.internalCheck(app.appId(), Photos.bytes("sample4"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().path("reviewTaskId");
        db.execute("update review_task set created_at = now() - interval '25 hours' where id = '" + old + "'");
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> reviewImages.purge(java.time.Instant.now()));
        Operator.given().get("/v1/ops/moderation/reviews/" + old).then().body("mediaAvailable", equalTo(false))
                .body("status", equalTo("open"));
        Operator.given().get("/v1/ops/moderation/reviews/" + fresh).then().body("mediaAvailable", equalTo(true));

        // an app whose policy keeps inputs two days keeps a 25-hour-old image
        Operator.TestApp patient = Operator.createApp("patient-" + System.nanoTime());
        Moderation.policy(patient.appId(), "reviewFrom: 0, blockFrom: 100, inputRetentionHours: 48");
        String kept = Moderation.internalCheck(patient.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().path("reviewTaskId");
        db.execute("update review_task set created_at = now() - interval '25 hours' where id = '" + kept + "'");
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> reviewImages.purge(java.time.Instant.now()));
        Operator.given().get("/v1/ops/moderation/reviews/" + kept).then().body("mediaAvailable", equalTo(true));
    }

    @Test
    void badReviewRequestsChangeNothing() {
        String task = Moderation.internalCheck(app.appId(), Photos.bytes("sample1"), "image/jpeg", "role=template")
                .then().statusCode(200).extract().path("reviewTaskId");
        String before = db.snapshot();
        Operator.given().post("/v1/ops/moderation/reviews/00000000-0000-0000-0000-000000000000/claim")
                .then().statusCode(404).body("code", equalTo("ReviewTaskNotFound"));
        Operator.given().get("/v1/ops/moderation/reviews?status=lost").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Operator.given().post("/v1/ops/moderation/reviews/" + task + "/claim").then().statusCode(200);
        String claimed = db.snapshot();
        Operator.given().contentType("application/json").body("{\"decision\":\"maybe\",\"note\":\"x\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(400);
        Operator.given().contentType("application/json").body("{\"decision\":\"block\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        RestAssured.given().contentType("application/json").body("{\"decision\":\"block\",\"note\":\"x\"}")
                .post("/v1/ops/moderation/reviews/" + task + "/decision").then().statusCode(401);
        assertEquals(before, claimed);
        assertEquals(claimed, db.snapshot());
        Operator.given().get("/v1/ops/moderation/reviews/" + task).then().body("status", equalTo("claimed"));
    }
}
