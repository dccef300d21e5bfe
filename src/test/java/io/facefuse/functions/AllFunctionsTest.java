package io.facefuse.functions;

import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default build ({@code all}) serves every function, and fusion reaches moderation by its REST client. */
@QuarkusTest
class AllFunctionsTest {

    @Test
    void servesEveryFunction() {
        assertEquals(200, Routes.fusion());
        assertEquals(200, Routes.moderation());
        assertEquals(200, Routes.labelling());
    }

    @Test
    void fusionReadsTheAppsPolicyFromModerationThroughItsClient() {
        Operator.TestApp app = Operator.createApp("policy-reader");
        app.signer().request("GET", "/v1/app/moderation-policy", null).get("/v1/app/moderation-policy")
                .then().statusCode(200)
                .body("reviewFrom", equalTo(70))
                .body("blockFrom", equalTo(80))
                .body("minFacePixels", equalTo(34))
                .body("minorAge", equalTo(18))
                .body("minorAction", equalTo("block"));
    }
}
