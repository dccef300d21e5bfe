package io.facefuse.functions;

import io.facefuse.support.Moderation;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A build with {@code -Dfacefuse.function=moderation} serves moderation routes and no others, and loads only its models. */
@QuarkusTest
@TestProfile(FunctionBuilds.Moderation.class)
class ModerationBuildTest {

    @Test
    void servesOnlyItsOwnRoutes() {
        assertEquals(200, Routes.moderation());
        Routes.assertAbsent("/v1/ops/apps");
        Routes.assertAbsent("/v1/app");
        Routes.assertAbsent("/v1/ops/trace/verification");
    }

    @Test
    void loadsTheModelsOfAFullCheckAndNoOthers() {
        assertEquals(Set.of("blazeface", "facemesh", "faceres", "gear", "nsfw"), Routes.loadedModels());
    }

    /** A template check runs every model moderation loaded: detection, landmarks, NSFW, age, the descriptor. */
    @Test
    void checksATemplateWithTheModelsItLoaded() {
        Moderation.internalCheck(UUID.fromString("00000000-0000-0000-0000-000000000001"), Photos.bytes("sample1"),
                        "image/jpeg", "role=template")
                .then().statusCode(200)
                .body("verdict", equalTo("pass"))
                .body("checks.name", hasItems("nsfw", "minor", "featureLibrary"));
    }
}
