package io.facefuse.functions;

import io.facefuse.support.Operator;
import io.restassured.RestAssured;

import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.equalTo;

/** One representative route of each function, and how to tell whether a build serves it. */
final class Routes {

    private static final String APP_ID = "00000000-0000-0000-0000-000000000001";

    private Routes() {
    }

    /** Fusion: the operators' app registry. */
    static int fusion() {
        return Operator.given().get("/v1/ops/apps").statusCode();
    }

    /** Moderation: the policy fusion asks for. */
    static int moderation() {
        return RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN)
                .get("/internal/v1/policies/" + APP_ID).statusCode();
    }

    /** Labelling: trace-chain verification. */
    static int labelling() {
        return Operator.given().get("/v1/ops/trace/verification").statusCode();
    }

    /** The models this build loaded at start, as its readiness check lists them. */
    static Set<String> loadedModels() {
        Map<String, String> data = RestAssured.given().get("/q/health/ready").then()
                .extract().path("checks.find { it.name == 'models' }.data");
        return data == null ? Set.of() : data.keySet();
    }

    /** A route this build does not contain answers a NotFound problem, like any unknown path. */
    static void assertAbsent(String path) {
        Operator.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).get(path)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NotFound"));
    }
}
