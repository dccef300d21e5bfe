package io.facefuse.security;

import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.facefuse.support.Signer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every way an app request can fail authentication answers its own code and writes nothing: no
 * consent, no trace entry, and no nonce (only a fully verified request is remembered).
 */
@QuarkusTest
class SignedRequestsTest {

    private static final String CONSENT = """
            {"purpose":"face_fusion","noticeVersion":"v1","keypointsNoticeShown":true,
             "ownPhotosNoticeShown":true,"identityVerified":true}""";
    private static final String PATH = "/v1/subjects/user-1/consents";

    @Inject
    DataSource dataSource;

    Db db;
    Operator.TestApp app;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        app = Operator.createApp("signing-" + System.nanoTime());
    }

    @Test
    void aCorrectlySignedRequestIsAccepted() {
        app.signer().request("POST", PATH, CONSENT).post(PATH).then().statusCode(201);
        app.signer().request("GET", "/v1/app?x=1&a=2", null).get("/v1/app?x=1&a=2").then().statusCode(200)
                .body("id", equalTo(app.appId().toString()));
    }

    @Test
    void unsignedRequestsAreRefused() {
        String before = db.snapshot();
        RestAssured.given().contentType(ContentType.JSON).body(CONSENT).post(PATH)
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("SignatureMissing"));
        RestAssured.given().header(RequestSignature.KEY_ID_HEADER, app.signer().keyId()).get("/v1/app")
                .then().statusCode(401).body("code", equalTo("SignatureMissing"));
        assertEquals(before, db.snapshot());
    }

    @Test
    void aSignatureOverOtherContentIsRefused() {
        String before = db.snapshot();
        long now = Instant.now().getEpochSecond();
        // signed with the wrong secret
        app.signer().request("POST", PATH, CONSENT, now, Signer.freshNonce(), "ffs_wrong").post(PATH)
                .then().statusCode(401).body("code", equalTo("InvalidSignature"));
        // signed for one body, sent with another
        app.signer().request("POST", PATH, CONSENT).body(CONSENT.replace("v1", "v2")).post(PATH)
                .then().statusCode(401).body("code", equalTo("InvalidSignature"));
        // signed for one path, sent to another
        app.signer().request("POST", "/v1/subjects/user-2/consents", CONSENT).post(PATH)
                .then().statusCode(401).body("code", equalTo("InvalidSignature"));
        // signed for one query, sent with another
        app.signer().request("GET", "/v1/app?a=1", null).get("/v1/app?a=2")
                .then().statusCode(401).body("code", equalTo("InvalidSignature"));
        // a malformed signature header
        app.signer().request("GET", "/v1/app", null).header(RequestSignature.SIGNATURE_HEADER, "xyz").get("/v1/app")
                .then().statusCode(401).body("code", equalTo("InvalidSignature"));
        assertEquals(before, db.snapshot());
    }

    @Test
    void staleAndFutureTimestampsAreRefused() {
        String before = db.snapshot();
        long now = Instant.now().getEpochSecond();
        app.signer().request("POST", PATH, CONSENT, now - 360, Signer.freshNonce()).post(PATH)
                .then().statusCode(401).body("code", equalTo("RequestExpired"));
        app.signer().request("POST", PATH, CONSENT, now + 360, Signer.freshNonce()).post(PATH)
                .then().statusCode(401).body("code", equalTo("RequestExpired"));
        assertEquals(before, db.snapshot());
        // just inside the window still passes
        app.signer().request("GET", "/v1/app", null, now - 240, Signer.freshNonce()).get("/v1/app")
                .then().statusCode(200);
    }

    @Test
    void aReplayedRequestIsRefused() {
        long now = Instant.now().getEpochSecond();
        String nonce = Signer.freshNonce();
        app.signer().request("POST", PATH, CONSENT, now, nonce).post(PATH).then().statusCode(201);
        String before = db.snapshot();
        app.signer().request("POST", PATH, CONSENT, now, nonce).post(PATH)
                .then().statusCode(401).body("code", equalTo("NonceReused"));
        assertEquals(before, db.snapshot());
        assertEquals(1, db.count("select count(*) from consent_event where app_id = ?::uuid", app.appId().toString()));
    }

    @Test
    void unknownAndRevokedKeysAreRefused() {
        String before = db.snapshot();
        new Signer("ffk_unknown", "ffs_whatever").request("GET", "/v1/app", null).get("/v1/app")
                .then().statusCode(401).body("code", equalTo("UnknownKeyId"));
        assertEquals(before, db.snapshot());

        Operator.given().delete("/v1/ops/apps/" + app.appId() + "/credentials/" + app.signer().keyId())
                .then().statusCode(200);
        app.signer().request("GET", "/v1/app", null).get("/v1/app")
                .then().statusCode(401).body("code", equalTo("UnknownKeyId"));
    }

    @Test
    void frozenAndSuspendedAppsAreRefusedWithTheirOwnCodes() {
        setStatus("frozen", "investigation");
        String before = db.snapshot();
        app.signer().request("POST", PATH, CONSENT).post(PATH)
                .then().statusCode(403).body("code", equalTo("AppFrozen")).body("detail", equalTo("investigation"));
        setStatus("suspended", "repeated violations");
        before = db.snapshot();
        app.signer().request("POST", PATH, CONSENT).post(PATH)
                .then().statusCode(403).body("code", equalTo("AppSuspended"));
        assertEquals(before, db.snapshot());
        setStatus("active", "reinstated");
        app.signer().request("POST", PATH, CONSENT).post(PATH).then().statusCode(201);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnythingElse() {
        String before = db.snapshot();
        String huge = "{\"noticeVersion\":\"" + "x".repeat(7 * 1024 * 1024) + "\"}";
        app.signer().request("POST", PATH, huge).post(PATH)
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("PayloadTooLarge"));
        assertEquals(before, db.snapshot());
    }

    @Test
    void malformedJsonFromAValidAppWritesNoConsent() {
        long consents = db.count("select count(*) from consent_event");
        app.signer().request("POST", PATH, "{\"purpose\": face_fusion}").post(PATH)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("MalformedJson"));
        app.signer().request("POST", PATH, "[]").post(PATH)
                .then().statusCode(400).body("code", equalTo("MalformedJson"));
        assertEquals(consents, db.count("select count(*) from consent_event"));
    }

    @Test
    void aBodyOnAnEndpointThatTakesNoneIsRefused() {
        String before = db.snapshot();
        // signed over an empty body, but a body is sent anyway: it would travel unsigned
        app.signer().request("GET", "/v1/app", null).contentType(ContentType.JSON).body("{\"x\":1}").get("/v1/app")
                .then().statusCode(400).body("code", equalTo("BadRequest"));
        assertEquals(before, db.snapshot());
    }

    private void setStatus(String status, String reason) {
        Operator.given().contentType(ContentType.JSON)
                .body("{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}")
                .post("/v1/ops/apps/" + app.appId() + "/status").then().statusCode(200);
    }
}
