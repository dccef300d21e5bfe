package io.facefuse.apps;

import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits with a burst, and daily quotas, counted in the database. The requests name a subject
 * without consent, so each one that is let through ends quickly in ConsentMissing.
 */
@QuarkusTest
class RateLimitsTest {

    @Test
    void aBurstIsLetThroughThenTheRateHolds() {
        Operator.TestApp app = limited(1, 3, null);
        List<String> codes = new ArrayList<>();
        List<Response> refused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response response = fuse(app);
            codes.add(response.path("code"));
            if (response.statusCode() == 429) {
                refused.add(response);
            }
        }
        assertEquals(List.of("ConsentMissing", "ConsentMissing", "ConsentMissing", "RateLimited", "RateLimited"), codes);
        assertEquals("1", refused.getFirst().header("Retry-After"));
    }

    @Test
    void aDailyQuotaRefusesTheRestOfTheDay() {
        Operator.TestApp app = limited(1000, null, 2);
        assertEquals("ConsentMissing", fuse(app).path("code"));
        assertEquals("ConsentMissing", fuse(app).path("code"));
        Response over = fuse(app);
        assertEquals(429, over.statusCode());
        assertEquals("QuotaExceeded", over.path("code"));
        long retryAfter = Long.parseLong(over.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 86_401, "until the next UTC day: " + retryAfter);
    }

    @Test
    void limitsOutsideTheirBoundsAreRefused() {
        Operator.TestApp app = Operator.createApp("limits-" + System.nanoTime());
        Operator.given().contentType("application/json").body("{\"rateLimitPerSecond\":0,\"reason\":\"x\"}")
                .post("/v1/ops/apps/" + app.appId() + "/limits").then().statusCode(400);
        Operator.given().contentType("application/json").body("{\"rateLimitPerSecond\":5,\"dailyQuota\":-1,\"reason\":\"x\"}")
                .post("/v1/ops/apps/" + app.appId() + "/limits").then().statusCode(400);
    }

    private static Operator.TestApp limited(int rate, Integer burst, Integer quota) {
        Operator.TestApp app = Operator.createApp("limits-" + System.nanoTime(), rate);
        Operator.given().contentType("application/json").body("{\"rateLimitPerSecond\":" + rate + ",\"burst\":" + burst
                        + ",\"dailyQuota\":" + quota + ",\"reason\":\"plan B\"}")
                .post("/v1/ops/apps/" + app.appId() + "/limits").then().statusCode(200);
        return app;
    }

    private static Response fuse(Operator.TestApp app) {
        String json = "{\"templateId\":\"00000000-0000-0000-0000-000000000000\",\"subjectId\":\"nobody\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample2")) + "\"}]}";
        return app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
    }
}
