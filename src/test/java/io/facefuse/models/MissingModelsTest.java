package io.facefuse.models;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A function whose model files are missing starts, but is not ready, and says which file is missing. */
@QuarkusTest
@TestProfile(MissingModelsTest.EmptyModelDirectory.class)
class MissingModelsTest {

    public static final class EmptyModelDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("facefuse.models.dir", "target/no-models-here",
                    "facefuse.models.load", "blazeface,nsfw",
                    "quarkus.lambda.mock-event-server.test-port", "8085",
                    "quarkus.http.test-port", "8085",
                    "facefuse.internal-listener.port", "8095");
        }
    }

    @Test
    void readinessFailsAndNamesTheMissingFile() {
        RestAssured.given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.data.blazeface", containsString("missing model file"))
                .body("checks.find { it.name == 'models' }.data.nsfw", containsString("nsfw.pt"));
        RestAssured.given().get("/q/health/live").then().statusCode(200);
    }
}
