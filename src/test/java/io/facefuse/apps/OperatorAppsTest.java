package io.facefuse.apps;

import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Operators register apps and manage keys and standing, through the Lambda event path. */
@QuarkusTest
class OperatorAppsTest {

    @Inject
    DataSource dataSource;

    @Test
    void createdAppGetsAKeyWhoseSecretIsShownOnceAndStoredEncrypted() {
        var created = Operator.given().contentType(ContentType.JSON).body("""
                        {"name":"Poster Booth","developer":"Example Dev Ltd",
                         "privacyPolicyUrl":"https://example.com/privacy",
                         "userAgreementUrl":"https://example.com/terms","rateLimitPerSecond":5}""")
                .post("/v1/ops/apps")
                .then().statusCode(201)
                .body("app.status", equalTo("active"))
                .body("credential.keyId", startsWith("ffk_"))
                .body("credential.secret", startsWith("ffs_"))
                .extract().response();
        String appId = created.path("app.id");
        String keyId = created.path("credential.keyId");
        String secret = created.path("credential.secret");

        Operator.given().get("/v1/ops/apps/" + appId).then().statusCode(200)
                .body("name", equalTo("Poster Booth"))
                .body("credentials.keyId", hasItem(keyId))
                .body(not(org.hamcrest.Matchers.containsString(secret)));

        Db db = new Db(dataSource);
        String stored = db.string("select encode(secret_ciphertext, 'escape') from app_credential where key_id = ?", keyId);
        assertFalse(stored.contains(secret), "the secret must not be stored in clear");
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'app.create' and app_id = ?::uuid", appId));
    }

    @Test
    void listsAppsAndChangesTheirStatusWithAReason() {
        Operator.TestApp app = Operator.createApp("status-app");
        Operator.given().contentType(ContentType.JSON).body("{\"status\":\"frozen\",\"reason\":\"investigation 17\"}")
                .post("/v1/ops/apps/" + app.appId() + "/status")
                .then().statusCode(200).body("status", equalTo("frozen")).body("statusReason", equalTo("investigation 17"));
        Operator.given().queryParam("limit", 500).get("/v1/ops/apps").then().statusCode(200)
                .body("id", hasItem(app.appId().toString()));
    }

    @Test
    void listsAppsAPageAtATime() {
        for (int i = 0; i < 3; i++) {
            Operator.createApp("page-" + i);
        }
        java.util.List<String> firstTwo = Operator.given().queryParam("limit", 2).get("/v1/ops/apps")
                .then().statusCode(200).body("$", hasSize(2)).extract().path("id");
        java.util.List<String> next = Operator.given().queryParam("offset", 1).queryParam("limit", 2).get("/v1/ops/apps")
                .then().statusCode(200).extract().path("id");
        assertEquals(firstTwo.get(1), next.get(0));
        Operator.given().queryParam("limit", 501).get("/v1/ops/apps")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
    }

    @Test
    void aLargeListIsAnsweredWholeThroughTheLambdaPath() {
        for (int i = 0; i < 40; i++) {
            Operator.createApp("bulk-" + i);
        }
        // well over 8 KiB of JSON: must arrive complete, with its length
        Operator.given().queryParam("limit", 500).get("/v1/ops/apps")
                .then().statusCode(200).header("Content-Length", notNullValue());
    }

    @Test
    void issuesAndRevokesFurtherKeys() {
        Operator.TestApp app = Operator.createApp("keys-app");
        String second = Operator.given().post("/v1/ops/apps/" + app.appId() + "/credentials")
                .then().statusCode(201).body("secret", startsWith("ffs_")).extract().path("keyId");
        Operator.given().delete("/v1/ops/apps/" + app.appId() + "/credentials/" + second)
                .then().statusCode(200).body("revokedAt", notNullValue());
        Operator.given().get("/v1/ops/apps/" + app.appId()).then()
                .body("credentials", hasSize(2))
                .body("credentials.find { it.keyId == '" + app.signer().keyId() + "' }.revokedAt", nullValue());
        Operator.given().delete("/v1/ops/apps/" + app.appId() + "/credentials/ffk_nope")
                .then().statusCode(404).body("code", equalTo("CredentialNotFound"));
    }

    @Test
    void unknownAppIsNotFound() {
        Operator.given().get("/v1/ops/apps/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("AppNotFound"));
    }

    @Test
    void operatorEndpointsRefuseMissingOrWrongTokensAndWriteNothing() {
        Db db = new Db(dataSource);
        String before = db.snapshot();
        String body = """
                {"name":"x","developer":"y","privacyPolicyUrl":"https://e.com/p",
                 "userAgreementUrl":"https://e.com/t","rateLimitPerSecond":1}""";
        given().contentType(ContentType.JSON).body(body).post("/v1/ops/apps")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("OperatorCredentialRequired"));
        given().header("X-Facefuse-Operator-Token", "guess").contentType(ContentType.JSON).body(body)
                .post("/v1/ops/apps").then().statusCode(401).body("code", equalTo("OperatorCredentialRequired"));
        // the service token is not an operator token
        given().header("X-Facefuse-Operator-Token", Operator.SERVICE_TOKEN).get("/v1/ops/apps")
                .then().statusCode(401);
        assertEquals(before, db.snapshot());
    }

    @Test
    void anAppWithoutPolicyUrlsOrWithPlainHttpUrlsIsRefused() {
        Db db = new Db(dataSource);
        String before = db.snapshot();
        Operator.given().contentType(ContentType.JSON).body("""
                        {"name":"no-urls","developer":"d","rateLimitPerSecond":1}""")
                .post("/v1/ops/apps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("ValidationFailed"))
                .body("errors.field", hasItem("privacyPolicyUrl"))
                .body("errors.field", hasItem("userAgreementUrl"));
        Operator.given().contentType(ContentType.JSON).body("""
                        {"name":"http","developer":"d","privacyPolicyUrl":"http://e.com/p",
                         "userAgreementUrl":"https://e.com/t","rateLimitPerSecond":1}""")
                .post("/v1/ops/apps")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"))
                .body("errors.field", equalTo(java.util.List.of("privacyPolicyUrl")));
        Operator.given().contentType(ContentType.JSON).body("{\"name\": \"broken\",")
                .post("/v1/ops/apps")
                .then().statusCode(400).body("code", equalTo("MalformedJson"));
        Operator.given().contentType(ContentType.JSON).body("{\"status\":\"deleted\",\"reason\":\"r\"}")
                .post("/v1/ops/apps/00000000-0000-0000-0000-000000000000/status")
                .then().statusCode(400).body("code", equalTo("MalformedJson"));
        assertEquals(before, db.snapshot());
    }
}
