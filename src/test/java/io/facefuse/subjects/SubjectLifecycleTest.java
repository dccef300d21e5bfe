package io.facefuse.subjects;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A subject's whole life through the Lambda path: consent, fusions, a copy of everything, then
 * withdrawal, after which an exhaustive look at every table and the media store finds nothing of
 * them but the lawful record (consent events, the trace log).
 */
@QuarkusTest
class SubjectLifecycleTest {

    @Inject
    DataSource dataSource;

    @Test
    void withdrawalLeavesNothingButTheLawfulRecord() throws Exception {
        Operator.TestApp app = Operator.createApp("lifecycle-" + System.nanoTime());
        String subject = "carol-" + System.nanoTime();
        Moderation.consent(app, subject);
        String template = upload(app, Photos.bytes("sample6"));
        Response stored = fuse(app, template, subject, ",\"delivery\":\"stored\"");
        stored.then().statusCode(200);
        fuse(app, template, subject, "").then().statusCode(200);
        Path resultImage = Path.of("target/test-media/results/" + app.appId() + "/" + stored.<String>path("fusionId"));
        assertEquals(true, Files.exists(resultImage));
        // a check people will look at keeps its image for them
        Moderation.policy(app.appId(), "reviewFrom: 0, blockFrom: 100");
        Moderation.check(app, Photos.bytes("sample3"), "image/jpeg", "user_photo", subject).then().statusCode(200)
                .body("verdict", equalTo("review"));

        String exportPath = "/v1/subjects/" + subject + "/export";
        app.signer().request("GET", exportPath, "").get(exportPath).then().statusCode(200)
                .body("subjectId", equalTo(subject))
                .body("results", hasSize(2)).body("billableOutputs", equalTo(2))
                .body("results.find { it.resultUrl != null }.fusionId", equalTo(stored.path("fusionId")))
                .body("consents.purposes.find { it.purpose == 'face_fusion' }.mayProcessFace", equalTo(true))
                .body("moderation.checks", hasSize(5));

        String withdraw = "/v1/subjects/" + subject + "/consents/face_fusion/withdrawal";
        app.signer().request("POST", withdraw, "{\"reason\":\"user asked\"}").post(withdraw).then().statusCode(200);

        Db db = new Db(dataSource);
        assertEquals(Map.of("consent_event", 2L, "trace_entry", traceEntries(db, subject)), rowsNaming(subject),
                "only the consent history and the trace log still name the subject");
        assertFalse(Files.exists(resultImage), "the stored result image is gone");
        assertEquals(0, db.count("select count(*) from review_task t join moderation_check c on c.id = t.check_id "
                + "where c.app_id = ?::uuid and t.media is not null", app.appId().toString()), "review images are gone");
        assertEquals(2, db.count("select count(*) from usage_record where app_id = ?::uuid and subject_id is null",
                app.appId().toString()), "the billing facts stay, without the subject");

        String receipts = "/v1/subjects/" + subject + "/deletion-receipts";
        app.signer().request("GET", receipts, "").get(receipts).then().statusCode(200)
                .body("", hasSize(1)).body("[0].trigger", equalTo("withdrawal"))
                .body("[0].removed.resultImages", equalTo(1)).body("[0].removed.fusionRecordsPseudonymised", equalTo(2))
                .body("[0].removed.reviewImagesRemoved", equalTo(1)).body("[0].completedAt", notNullValue());
        // and nothing more is processed, nor fetched
        String url = stored.path("resultUrl");
        app.signer().request("GET", url, "").get(url).then().statusCode(404).body("code", equalTo("ResultNotFound"));
        Moderation.policy(app.appId(), "reviewFrom: 70, blockFrom: 80");
        fuse(app, template, subject, "").then().statusCode(403).body("code", equalTo("ConsentWithdrawn"));
    }

    @Test
    void anAppCanEraseASubjectOnRequest() {
        Operator.TestApp app = Operator.createApp("erase-" + System.nanoTime());
        String subject = "dave-" + System.nanoTime();
        Moderation.consent(app, subject);
        String template = upload(app, Photos.bytes("sample6"));
        fuse(app, template, subject, "").then().statusCode(200);
        String path = "/v1/subjects/" + subject;
        app.signer().request("DELETE", path, "").delete(path).then().statusCode(200)
                .body("trigger", equalTo("erasure_request")).body("removed.fusionRecordsPseudonymised", equalTo(1));
        assertEquals(0, new Db(dataSource).count("select count(*) from fusion_result where subject_id = ?", subject));
        app.signer().request("DELETE", "/v1/subjects/not%20valid", "").delete("/v1/subjects/not%20valid")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
    }

    /** Every table with a subject column, and how many of its rows name the subject (those with any). */
    private Map<String, Long> rowsNaming(String subject) throws Exception {
        Db db = new Db(dataSource);
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select table_name from information_schema.columns where column_name = 'subject_id' "
                        + "and table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> naming = new TreeMap<>();
        for (String table : tables) {
            long n = db.count("select count(*) from " + table + " where subject_id = ?", subject);
            if (n > 0) {
                naming.put(table, n);
            }
        }
        return naming;
    }

    private static long traceEntries(Db db, String subject) {
        return db.count("select count(*) from trace_entry where subject_id = ?", subject);
    }

    private static String upload(Operator.TestApp app, byte[] image) {
        String path = "/v1/templates?name=t" + System.nanoTime();
        return app.signer().request("POST", path, image, "image/jpeg").post(path).then().statusCode(201).extract().path("id");
    }

    private static Response fuse(Operator.TestApp app, String template, String subject, String extra) {
        String json = "{\"templateId\":\"" + template + "\",\"subjectId\":\"" + subject + "\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample1")) + "\"}]" + extra + "}";
        return app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
    }
}
