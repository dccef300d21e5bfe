package io.facefuse.consent;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Consent records (seed 000 §3.5, §3.6): grant, history, withdrawal, and the processing check. */
@QuarkusTest
class ConsentTest {

    private static final String GRANT = """
            {"purpose":"face_fusion","noticeVersion":"2026-11","keypointsNoticeShown":true,
             "ownPhotosNoticeShown":true,"identityVerified":true,"identityVerifiedAt":"2026-11-01T10:00:00Z",
             "consentedAt":"2026-11-02T10:00:00Z"}""";

    @Inject
    DataSource dataSource;

    @Inject
    ConsentService consents;

    Db db;
    Operator.TestApp app;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        app = Operator.createApp("consent-" + System.nanoTime());
    }

    @Test
    void grantIsRecordedWithWhatTheSubjectWasToldAndTraced() {
        String path = "/v1/subjects/sub-1/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201)
                .body("mayProcessFace", equalTo(true))
                .body("current.action", equalTo("granted"))
                .body("current.noticeVersion", equalTo("2026-11"))
                .body("current.keypointsNoticeShown", equalTo(true))
                .body("current.ownPhotosNoticeShown", equalTo(true))
                .body("current.identityVerified", equalTo(true))
                .body("current.occurredAt", equalTo("2026-11-02T10:00:00Z"))
                .body("history", hasSize(1));
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'consent.grant' "
                + "and app_id = ?::uuid and subject_id = 'sub-1'", app.appId().toString()));
    }

    @Test
    void withdrawalStopsProcessingAndReadingReturnsTheWholeHistory() {
        String path = "/v1/subjects/sub-2/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);
        String withdraw = path + "/face_fusion/withdrawal";
        app.signer().request("POST", withdraw, "{\"reason\":\"user asked\"}").post(withdraw).then().statusCode(200)
                .body("mayProcessFace", equalTo(false))
                .body("refusalCode", equalTo("ConsentWithdrawn"))
                .body("current.action", equalTo("withdrawn"))
                .body("current.reason", equalTo("user asked"));
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);

        app.signer().request("GET", path, null).get(path).then().statusCode(200)
                .body("subjectId", equalTo("sub-2"))
                .body("purposes[0].purpose", equalTo("face_fusion"))
                .body("purposes[0].mayProcessFace", equalTo(true))
                .body("purposes[0].history.action", equalTo(java.util.List.of("granted", "withdrawn", "granted")));
    }

    @Test
    void theProcessingCheckFollowsTheLatestRecord() {
        String subject = "sub-3";
        ApiException missing = assertThrows(ApiException.class, () -> check(subject));
        assertEquals(ErrorCode.ConsentMissing, missing.code());

        String path = "/v1/subjects/" + subject + "/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);
        assertEquals(ConsentEvent.Action.GRANTED, check(subject).action);

        String withdraw = path + "/face_fusion/withdrawal";
        app.signer().request("POST", withdraw, "{}").post(withdraw).then().statusCode(200);
        ApiException withdrawn = assertThrows(ApiException.class, () -> check(subject));
        assertEquals(ErrorCode.ConsentWithdrawn, withdrawn.code());
    }

    @Test
    void oneAppCannotSeeAnotherAppsSubjects() {
        String path = "/v1/subjects/shared-name/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);
        Operator.TestApp other = Operator.createApp("other-" + System.nanoTime());
        other.signer().request("GET", path, null).get(path).then().statusCode(200)
                .body("purposes[0].mayProcessFace", equalTo(false))
                .body("purposes[0].refusalCode", equalTo("ConsentMissing"))
                .body("purposes[0].current", nullValue())
                .body("purposes[0].history", hasSize(0));
    }

    @Test
    void consentWithoutTheNoticesIsRefusedAndNothingIsWritten() {
        String before = db.snapshot();
        String path = "/v1/subjects/sub-4/consents";
        app.signer().request("POST", path, GRANT.replace("\"keypointsNoticeShown\":true", "\"keypointsNoticeShown\":false"))
                .post(path).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("NoticeNotAcknowledged"));
        app.signer().request("POST", path, "{\"purpose\":\"face_fusion\"}").post(path)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"))
                .body("errors.field", hasItem("noticeVersion"));
        app.signer().request("POST", path, GRANT.replace("face_fusion", "marketing")).post(path)
                .then().statusCode(400).body("code", equalTo("MalformedJson"));
        app.signer().request("POST", path, GRANT.replace("2026-11-02T10:00:00Z", "2999-01-01T00:00:00Z")).post(path)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"))
                .body("errors.field", hasItem("consentedAt"));
        String badSubject = "/v1/subjects/has%20space/consents";
        app.signer().request("POST", badSubject, GRANT).post(badSubject)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        // nonces of verified requests are remembered; nothing else may change
        assertEquals(before.replaceAll(" nonces=\\d+", ""), db.snapshot().replaceAll(" nonces=\\d+", ""));
    }

    @Test
    void withdrawingWhatWasNeverGrantedIsAConflict() {
        String path = "/v1/subjects/sub-5/consents/face_fusion/withdrawal";
        app.signer().request("POST", path, "{}").post(path).then().statusCode(409).body("code", equalTo("Conflict"));
        String unknown = "/v1/subjects/sub-5/consents/marketing/withdrawal";
        app.signer().request("POST", unknown, "{}").post(unknown).then().statusCode(404).body("code", equalTo("NotFound"));
    }

    private ConsentEvent check(String subject) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> consents.requireFaceProcessing(app.appId(), subject));
        } catch (Throwable e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAppCorrectsAConsentsAttributesAndTheHistoryKeepsBoth() {
        String path = "/v1/subjects/sub-c/consents";
        app.signer().request("POST", path, GRANT).post(path).then().statusCode(201);
        String correction = path + "/face_fusion/correction";
        app.signer().request("POST", correction, "{\"guardianConsent\":true,\"reason\":\"guardian's form arrived\"}")
                .post(correction).then().statusCode(200)
                .body("mayProcessFace", equalTo(true))
                .body("current.action", equalTo("corrected"))
                .body("current.guardianConsent", equalTo(true))
                .body("current.identityVerified", equalTo(true))
                .body("current.noticeVersion", equalTo("2026-11"))
                .body("history.size()", equalTo(2));
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'consent.correct' and subject_id = 'sub-c'"));
        // a reason is required; a withdrawn consent cannot be corrected, only granted again
        String before = db.snapshot().replaceAll(" nonces=\\d+", "");
        app.signer().request("POST", correction, "{\"guardianConsent\":false}").post(correction)
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        assertEquals(before, db.snapshot().replaceAll(" nonces=\\d+", ""));
        String withdraw = path + "/face_fusion/withdrawal";
        app.signer().request("POST", withdraw, "{}").post(withdraw).then().statusCode(200);
        app.signer().request("POST", correction, "{\"guardianConsent\":true,\"reason\":\"late\"}").post(correction)
                .then().statusCode(409).body("code", equalTo("Conflict"));
    }
}
