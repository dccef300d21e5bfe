package io.facefuse.fusion;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Base64;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A fusion retried with the same idempotency key gets the first answer and is billed once. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    DataSource dataSource;

    @Test
    void aRetryGetsTheFirstAnswerAndIsBilledOnce() {
        Operator.TestApp app = Operator.createApp("idem-" + System.nanoTime());
        String template = upload(app);
        String body = body(template, "sample1");
        // the first try fails (no consent yet): the key is given back for the retry
        fuse(app, body, "order-1").then().statusCode(403).body("code", equalTo("ConsentMissing"));
        Moderation.consent(app, "ivy");
        Response first = fuse(app, body, "order-1");
        first.then().statusCode(200);
        Response retry = fuse(app, body, "order-1");
        retry.then().statusCode(200)
                .body("fusionId", equalTo(first.path("fusionId")))
                .body("contentId", equalTo(first.path("contentId")))
                .body("image", equalTo(first.path("image")));
        Db db = new Db(dataSource);
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid", app.appId().toString()));
        assertEquals(1, db.count("select count(*) from fusion_result where app_id = ?::uuid", app.appId().toString()));
        // the same key for another request is refused; another key is another fusion
        fuse(app, body(template, "sample3"), "order-1").then().statusCode(422).body("code", equalTo("IdempotencyKeyMismatch"));
        fuse(app, body, "no spaces allowed").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        fuse(app, body, "order-2").then().statusCode(200);
        assertEquals(2, db.count("select count(*) from usage_record where app_id = ?::uuid", app.appId().toString()));
    }

    private static String body(String template, String photo) {
        return "{\"templateId\":\"" + template + "\",\"subjectId\":\"ivy\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes(photo)) + "\"}]}";
    }

    private static Response fuse(Operator.TestApp app, String body, String key) {
        return app.signer().request("POST", "/v1/fusion", body).header("Idempotency-Key", key).post("/v1/fusion");
    }

    private static String upload(Operator.TestApp app) {
        String path = "/v1/templates?name=i" + System.nanoTime();
        return app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
    }
}
