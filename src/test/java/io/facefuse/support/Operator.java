package io.facefuse.support;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

/** The test operator (token configured in the test profile) and the apps it registers. */
public final class Operator {

    public static final String TOKEN = "test-operator-token";
    public static final String SERVICE_TOKEN = "test-internal-token";

    private Operator() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().header("X-Facefuse-Operator-Token", TOKEN);
    }

    /** A registered app and its first key. */
    public record TestApp(UUID appId, Signer signer) {
    }

    /** An app whose rate limit (1,000 a second) tests never reach; see the overload for one they do. */
    public static TestApp createApp(String name) {
        return createApp(name, 1000);
    }

    public static TestApp createApp(String name, int rateLimitPerSecond) {
        Response created = given().contentType("application/json").body("""
                        {"name":"%s","developer":"Example Dev Ltd",
                         "privacyPolicyUrl":"https://example.com/privacy",
                         "userAgreementUrl":"https://example.com/terms","rateLimitPerSecond":%d}
                        """.formatted(name, rateLimitPerSecond))
                .post("/v1/ops/apps")
                .then().statusCode(201).extract().response();
        return new TestApp(UUID.fromString(created.path("app.id")),
                new Signer(created.path("credential.keyId"), created.path("credential.secret")));
    }
}
