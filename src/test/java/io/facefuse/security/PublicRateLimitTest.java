package io.facefuse.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.facefuse.support.Db;
import io.facefuse.support.FunctionUrlEvents;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.facefuse.support.FunctionUrlEvents.decodedBody;
import static io.facefuse.support.FunctionUrlEvents.header;
import static io.facefuse.support.FunctionUrlEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public routes hold each client address (the function URL's sourceIp) to a burst and a rate:
 * beyond it, a RateLimited problem with Retry-After and nothing written; other addresses and
 * operators are not held back by it.
 */
@QuarkusTest
@TestProfile(PublicRateLimitTest.TwoAtOnce.class)
class PublicRateLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "abcdefghij0123456789abcdefghij.lambda-url.eu-west-1.on.aws";

    public static final class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // two at once, then one every thousand seconds: nothing refills during the test
            return Map.of("facefuse.public-routes.burst", "2", "facefuse.public-routes.rate-per-second", "0.001");
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    PublicRateLimiter limiter;

    @Test
    void anAddressGetsItsBurstOfInspectionsThenARateLimitedProblem() throws Exception {
        byte[] photo = Photos.bytes("sample2");
        assertEquals(200, invoke(inspection(photo, "198.51.100.1")).get("statusCode").asInt());
        assertEquals(200, invoke(inspection(photo, "198.51.100.1")).get("statusCode").asInt());

        JsonNode refused = invoke(inspection(photo, "198.51.100.1"));
        assertEquals(429, refused.get("statusCode").asInt());
        assertTrue(header(refused, "Content-Type").startsWith("application/problem+json"));
        assertEquals("RateLimited", JSON.readTree(decodedBody(refused)).get("code").asText());
        assertTrue(Long.parseLong(header(refused, "Retry-After")) > 1, "says when to come back");

        assertEquals(200, invoke(inspection(photo, "198.51.100.2")).get("statusCode").asInt(),
                "another address has its own bucket");
    }

    @Test
    void anOperatorInspectingIsNotHeldToThePublicRate() {
        byte[] photo = Photos.bytes("sample3");
        for (int i = 0; i < 2; i++) {
            invoke(inspection(photo, "198.51.100.3"));
        }
        assertEquals(429, invoke(inspection(photo, "198.51.100.3")).get("statusCode").asInt());
        ObjectNode asOperator = inspection(photo, "198.51.100.3");
        ((ObjectNode) asOperator.get("headers")).put(TokenAuthenticator.OPERATOR_HEADER.toLowerCase(), Operator.TOKEN);
        assertEquals(200, invoke(asOperator).get("statusCode").asInt());
    }

    @Test
    void aFloodOfReportsIsRefusedWithoutWritingThem() throws Exception {
        Db db = new Db(dataSource);
        long before = db.count("select count(*) from report_ticket");
        byte[] report = """
                {"contentId":"ffc_flooded-content","reason":"other","description":"again","contact":"a@example.com"}"""
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertEquals(201, invoke(reportFrom(report, "198.51.100.4")).get("statusCode").asInt());
        }
        JsonNode refused = invoke(reportFrom(report, "198.51.100.4"));
        assertEquals(429, refused.get("statusCode").asInt());
        assertEquals("RateLimited", JSON.readTree(decodedBody(refused)).get("code").asText());
        assertEquals(before + 2, db.count("select count(*) from report_ticket"), "the refused report is not written");
    }

    @Test
    void bucketsFullAgainAreSwept() throws Throwable {
        Db db = new Db(dataSource);
        invoke(reportFrom("{}".getBytes(StandardCharsets.UTF_8), "198.51.100.5")); // refused as invalid, before the bucket
        invoke(inspection(Photos.bytes("sample2"), "198.51.100.6"));
        assertEquals(1, db.count("select count(*) from public_rate_bucket where client = '198.51.100.6'"));
        assertEquals(0, db.count("select count(*) from public_rate_bucket where client = '198.51.100.5'"),
                "an invalid report takes no token");

        VertxContextSupport.subscribeAndAwait(limiter::sweep);
        assertEquals(1, db.count("select count(*) from public_rate_bucket where client = '198.51.100.6'"), "still filling");
        db.execute("update public_rate_bucket set refilled_at = now() - interval '3 hours' where client = '198.51.100.6'");
        VertxContextSupport.subscribeAndAwait(limiter::sweep);
        assertFalse(db.count("select count(*) from public_rate_bucket where client = '198.51.100.6'") > 0,
                "full again after burst / rate = 2000 s, so swept");
    }

    private static ObjectNode inspection(byte[] image, String sourceIp) {
        return FunctionUrlEvents.from(FunctionUrlEvents.event("POST", "/v1/labels/inspection", "image/jpeg", image, HOST), sourceIp);
    }

    private static ObjectNode reportFrom(byte[] json, String sourceIp) {
        return FunctionUrlEvents.from(FunctionUrlEvents.event("POST", "/v1/reports", "application/json", json, HOST), sourceIp);
    }
}
