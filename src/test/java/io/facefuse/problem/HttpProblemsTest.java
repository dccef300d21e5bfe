package io.facefuse.problem;

import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Errors outside the application's own refusals are RFC 9457 problems too. */
@QuarkusTest
class HttpProblemsTest {

    @Test
    void anUnknownPathIsANotFoundProblem() {
        RestAssured.given().get("/v1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:facefuse:problem:NotFound"))
                .body("title", notNullValue())
                .body("status", equalTo(404))
                .body("code", equalTo("NotFound"));
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        Operator.given().put("/v1/ops/apps").then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("MethodNotAllowed"));
    }

    @Test
    void aWrongContentTypeIsAnUnsupportedMediaTypeProblem() {
        Operator.given().contentType("text/plain").body("name=x").post("/v1/ops/apps").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("UnsupportedMediaType"));
    }

    @Test
    void anInvalidPathParameterIsANotFoundProblem() {
        Operator.given().get("/v1/ops/apps/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NotFound"));
    }

    @Test
    void healthIsPublic() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.status", equalTo("UP"));
        RestAssured.given().get("/q/health/live").then().statusCode(200);
    }
}
