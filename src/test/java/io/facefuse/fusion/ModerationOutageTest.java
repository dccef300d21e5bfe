package io.facefuse.fusion;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.facefuse.support.Relay;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Base64;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fusion while the moderation function cannot answer is refused with {@code DependencyUnavailable}
 * and nothing is lost: no result, usage record or media, the prepaid charge refunded, the refusal
 * traced; once moderation answers again, the same request succeeds. The fusion function reaches
 * moderation through a {@link Relay} (this class's own profile), switched down for the outage.
 */
@QuarkusTest
@TestProfile(ModerationOutageTest.ThroughRelay.class)
class ModerationOutageTest {

    private static final int PORT = 8088;
    private static final int LISTENER = 8098;
    private static final int RELAY = 8099;

    /** Ports of its own, as {@code FunctionBuilds} explains; moderation through the relay. */
    public static final class ThroughRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.mock-event-server.test-port", Integer.toString(PORT),
                    "quarkus.http.test-port", Integer.toString(PORT),
                    "facefuse.internal-listener.port", Integer.toString(LISTENER),
                    "quarkus.rest-client.moderation.url", "http://127.0.0.1:" + RELAY);
        }
    }

    private static Relay relay;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void startRelay() {
        relay = Relay.start(RELAY, "http://127.0.0.1:" + LISTENER);
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    @Test
    void aFusionWhileModerationIsDownIsRefusedAndLeavesNothing() {
        Operator.TestApp app = Operator.createApp("outage-" + System.nanoTime());
        String account = "/v1/ops/billing/accounts/" + app.appId();
        Operator.given().contentType("application/json").body("{\"mode\":\"prepaid\"}").put(account + "/mode")
                .then().statusCode(200);
        Operator.given().contentType("application/json").body("{\"amountMinor\":1000,\"note\":\"invoice 8\"}")
                .post(account + "/top-ups").then().statusCode(200);
        Moderation.consent(app, "ivy");
        String path = "/v1/templates?name=outage";
        String template = app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).body("status", equalTo("approved")).extract().path("id");
        String json = "{\"templateId\":\"" + template + "\",\"subjectId\":\"ivy\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample1")) + "\"}]}";
        Db db = new Db(dataSource);
        String appId = app.appId().toString();

        relay.down();
        try {
            Response refused = app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
            refused.then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("DependencyUnavailable"));
        } finally {
            relay.up();
        }
        assertEquals(0, db.count("select count(*) from fusion_result where app_id = ?::uuid", appId), "no result");
        assertEquals(0, db.count("select count(*) from usage_record where app_id = ?::uuid", appId), "no usage record");
        Operator.given().get(account).then().body("balanceMinor", equalTo(1000));
        // what the request reserved went back, whatever the price in force (this database's may be 0)
        assertEquals(1, db.count("select count(*) from balance_entry where app_id = ?::uuid and kind = 'usage'", appId));
        assertEquals(1, db.count("select count(*) from balance_entry where app_id = ?::uuid and kind = 'refund'", appId),
                "refunded");
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'fusion.create' "
                + "and outcome <> 'ok' and app_id = ?::uuid", appId), "the refusal is traced");

        // moderation answers again: the same request succeeds and is charged once (at the price in force)
        app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion").then().statusCode(200);
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid and paid_with = 'balance'",
                appId));
        long price = db.count("select amount_minor from usage_record where app_id = ?::uuid", appId); // one row
        Operator.given().get(account).then().body("balanceMinor", equalTo((int) (1000 - price)));
    }
}
